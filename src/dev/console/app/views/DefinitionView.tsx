/**
 * A definition as a graph beside its JSON; selecting a state shows that state's JSON.
 */
import { useMemo, useState } from 'preact/hooks';
import { JsonBlock } from '../components/common.js';
import { GraphView } from '../components/GraphView.js';
import { allNodes, definitionGraph } from '../model/definition-graph.js';

/** The graph and the JSON of one definition. */
export function DefinitionView({ definition, name }: { definition: string; name: string }) {
  const parsed = useMemo(() => parse(definition), [definition]);
  const graph = useMemo(() => definitionGraph(parsed), [parsed]);
  const [selected, setSelected] = useState<string | undefined>();
  const node = selected === undefined ? undefined : allNodes(graph).find((n) => n.id === selected);
  return (
    <div class="split">
      <div class="split-main card">
        <GraphView graph={graph} selected={selected} onSelect={setSelected} label={`Graph of ${name}`} />
      </div>
      <aside class="split-side card panel" aria-labelledby="definition-title">
        <header class="panel-header">
          <div class="panel-title-row">
            <h2 id="definition-title">{node === undefined ? 'Definition' : node.name}</h2>
            {node !== undefined && (
              <button type="button" class="button-link" onClick={() => setSelected(undefined)}>
                Whole definition
              </button>
            )}
          </div>
          <p class="muted">
            {node === undefined ? 'Amazon States Language. Select a state to see its part.' : `${node.type} state`}
          </p>
        </header>
        <div class="panel-body">
          <JsonBlock
            text={node === undefined ? definition : JSON.stringify(node.definition)}
            label={node === undefined ? `${name} definition` : `${node.name} definition`}
          />
        </div>
      </aside>
    </div>
  );
}

function parse(definition: string): unknown {
  try {
    return JSON.parse(definition);
  } catch {
    return {};
  }
}
