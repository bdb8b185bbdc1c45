"""moto's DynamoDB transactions at a cost that does not grow with the table.

moto's `TransactWriteItems` deep-copies every table it touches, once per item, so that it can put
the copy back if the transaction fails: with a few thousand items in the table a two-item
transaction takes a second, which DynamoDB's never does. `cheap_transaction_snapshots()` keeps that
design (moto still takes its copies and puts one back on failure) but makes each copy share the
items the transaction does not touch: a new table object with new item containers, in which only
the items named by the transaction are deep-copied. moto replaces items it puts and deletes in
those containers and updates items in place, so what the transaction can change is exactly what the
copy does not share. Outside a transaction, a table is deep-copied as before (backups).

Used by moto_server.py (the project's moto) and by the DynamoDB provider the project gives
LocalStack (scripts/localstack/stepstone_localstack/dynamodb.py), which serves LocalStack's moto.
"""

import contextvars
import copy
from collections import defaultdict
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

# The keys a running TransactWriteItems names, by table: {table name: [key or item, ...]}.
_transaction_keys: contextvars.ContextVar = contextvars.ContextVar("transaction_keys", default=None)


def _keys_by_table(transact_items: list) -> dict:
    keys: dict = defaultdict(list)
    for entry in transact_items:
        for operation, request in entry.items():
            if isinstance(request, dict) and "TableName" in request:
                keys[request["TableName"]].append(request.get("Item" if operation == "Put" else "Key") or {})
    return keys


def _item_at(items: Any, table: Table, key: dict) -> "tuple[Any, Any] | None":
    """The container holding the item `key` names in `items`, and its key there; None when absent."""
    try:
        hash_value = DynamoType(key[table.hash_key_attr])
        if table.range_key_attr is None:
            return (items, hash_value) if hash_value in items else None
        range_value = DynamoType(key[table.range_key_attr])
        inner = items.get(hash_value)
        return (inner, range_value) if inner is not None and range_value in inner else None
    except (KeyError, TypeError):
        return None  # a malformed key: moto rejects the transaction itself


def _table_deepcopy(table: Table, memo: dict) -> Table:
    keys = _transaction_keys.get()
    if keys is None:
        # Python's own deep copy of an object: a new instance with a deep copy of its state.
        clone = Table.__new__(type(table))
        memo[id(table)] = clone
        clone.__dict__.update(copy.deepcopy(table.__dict__, memo))
        return clone
    clone = copy.copy(table)
    clone.items = defaultdict(dict)
    for hash_value, held in table.items.items():
        clone.items[hash_value] = dict(held) if table.range_key_attr is not None else held
    for key in keys.get(table.name, []):
        found = _item_at(clone.items, table, key)
        if found is not None:
            container, at = found
            container[at] = copy.deepcopy(container[at])
    return clone


def cheap_transaction_snapshots() -> None:
    """Patches moto's DynamoDB as the module docstring says."""
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list) -> None:
        token = _transaction_keys.set(_keys_by_table(transact_items))
        try:
            return original(self, transact_items)
        finally:
            _transaction_keys.reset(token)

    DynamoDBBackend.transact_write_items = transact_write_items
    Table.__deepcopy__ = _table_deepcopy
