import { describe, expect, it } from 'vitest';
import { compilePath, readPath } from '../../../src/asl/jsonpath/index.js';

const read = (path: string, document: unknown): unknown => readPath(compilePath(path), document);

const books = {
  book: [
    { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
    { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
    { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
    {
      category: 'fiction',
      author: 'J. R. R. Tolkien',
      title: 'The Lord of the Rings',
      isbn: '0-395-19395-8',
      price: 22.99,
    },
  ],
  expensive: 10,
};
const titles = (path: string): unknown => read(`${path}.title`, books);

describe('filter steps', () => {
  it('keeps the objects whose member equals a number when filtering with ==', () => {
    // v2_base_test_base__TestSnfBase_test_state_pass_regex_json_path_base
    const users = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    expect(read('$.users[?(@.status == 0)]', users)).toEqual([{ year: 1997, status: 0 }]);
  });

  it('keeps the objects that satisfy >= when filtering numbers', () => {
    // AWS "Paths" guide: $.jar[?(@.a >= 5)] => [{"a": 5}, {"a": 7}]
    const jar = { jar: [{ a: 1 }, { a: 5 }, { a: 2 }, { a: 7 }, { a: 3 }] };
    expect(read('$.jar[?(@.a >= 5)]', jar)).toEqual([{ a: 5 }, { a: 7 }]);
  });

  it('compares with <, <=, > and != when filtering', () => {
    expect(titles('$.book[?(@.price < 10)]')).toEqual(['Sayings of the Century', 'Moby Dick']);
    expect(titles('$.book[?(@.price <= 8.95)]')).toEqual(['Sayings of the Century']);
    expect(titles('$.book[?(@.price > 20)]')).toEqual(['The Lord of the Rings']);
    expect(titles("$.book[?(@.category != 'fiction')]")).toEqual(['Sayings of the Century']);
  });

  it('keeps the objects that have a member when the filter is an existence test', () => {
    expect(titles('$.book[?(@.isbn)]')).toEqual(['Moby Dick', 'The Lord of the Rings']);
    expect(titles('$.book[?(!@.isbn)]')).toEqual(['Sayings of the Century', 'Sword of Honour']);
  });

  it('compares against the root document when the operand starts with $', () => {
    expect(titles('$.book[?(@.price <= $.expensive)]')).toEqual(['Sayings of the Century', 'Moby Dick']);
  });

  it('requires the whole string to match when using =~', () => {
    expect(titles('$.book[?(@.author =~ /.*REES/i)]')).toEqual(['Sayings of the Century']);
    expect(titles('$.book[?(@.author =~ /Nigel/)]')).toEqual([]);
  });

  it('combines conditions with && and ||, && binding tighter', () => {
    expect(titles("$.book[?(@.category == 'fiction' && @.price < 10)]")).toEqual(['Moby Dick']);
    expect(titles("$.book[?(@.price > 20 || @.category == 'reference')]")).toEqual([
      'Sayings of the Century',
      'The Lord of the Rings',
    ]);
    expect(titles("$.book[?(@.price > 20 || @.category == 'reference' && @.price > 100)]")).toEqual([
      'The Lord of the Rings',
    ]);
    expect(titles("$.book[?((@.price > 20 || @.category == 'reference') && @.price < 10)]")).toEqual([
      'Sayings of the Century',
    ]);
  });

  it('tests membership when using in and nin with a list literal', () => {
    expect(titles("$.book[?(@.author in ['Nigel Rees', 'Herman Melville'])]")).toEqual([
      'Sayings of the Century',
      'Moby Dick',
    ]);
    expect(titles('$.book[?(@.category nin ["fiction"])]')).toEqual(['Sayings of the Century']);
  });

  it('tests emptiness and size when using empty and size', () => {
    const doc = { a: [{ tags: [] }, { tags: ['x', 'y'] }, { tags: 'z' }] };
    expect(read('$.a[?(@.tags empty true)]', doc)).toEqual([{ tags: [] }]);
    expect(read('$.a[?(@.tags size 2)]', doc)).toEqual([{ tags: ['x', 'y'] }]);
    expect(read('$.a[?(@.tags size 1)]', doc)).toEqual([{ tags: 'z' }]);
  });

  it('compares a number member with a string literal by value', () => {
    // Jayway's NumberNode equals a StringNode holding the same number.
    expect(read("$.a[?(@.n == '5')]", { a: [{ n: 5 }, { n: 6 }] })).toEqual([{ n: 5 }]);
  });

  it('never matches a missing member with ==, and always with !=', () => {
    const doc = { a: [{ n: null }, {}] };
    expect(read('$.a[?(@.n == null)]', doc)).toEqual([{ n: null }]);
    expect(read('$.a[?(@.n != 1)]', doc)).toEqual([{ n: null }, {}]);
  });

  it('compares whole arrays and objects when both sides are JSON', () => {
    const doc = { a: [{ v: [1, 2] }, { v: { k: 1 } }, { v: [2, 1] }] };
    expect(read('$.a[?(@.v == [1,2])]', doc)).toEqual([{ v: [1, 2] }]);
    expect(read("$.a[?(@.v == {'k': 1})]", doc)).toEqual([{ v: { k: 1 } }]);
  });

  it('only ever matches objects when filtering an array', () => {
    // AWS "Paths" guide: "The @ operator … does not match scalar values. It only matches objects."
    expect(read('$.a[?(@ > 1)]', { a: [1, 2, 3] })).toEqual([]);
  });

  it('tests the object itself when a filter is applied to an object', () => {
    expect(read('$.o[?(@.k == 1)]', { o: { k: 1 } })).toEqual([{ k: 1 }]);
    expect(read('$.o[?(@.k == 2)]', { o: { k: 1 } })).toEqual([]);
  });

  it('finds matching objects at any depth when a filter follows ..', () => {
    const doc = { x: { id: 1, kids: [{ id: 2 }, { id: 3, more: { id: 4 } }] } };
    expect(read('$..[?(@.id > 2)].id', doc)).toEqual([3, 4]);
  });

  it('orders strings by UTF-16 code units when comparing strings', () => {
    const doc = { a: [{ s: 'B' }, { s: 'a' }] };
    expect(read("$.a[?(@.s < 'a')]", doc)).toEqual([{ s: 'B' }]);
  });
});
