"""DynamoDB for LocalStack from the moto it ships, with every request serialised.

LocalStack's own DynamoDB provider forwards to DynamoDB Local, which is distributed under AWS's own
licence terms rather than an open-source licence; the project does not use it. LocalStack picks a
service's provider by name among the entry points of `localstack.aws.provider`
(`PROVIDER_OVERRIDE_DYNAMODB=stepstone-moto` selects this one). The provider implements no operation
itself: LocalStack's moto fallback dispatcher sends each one to moto's DynamoDB backend, in process.

moto's DynamoDB backend takes no locks, so two requests on two threads can both pass the condition of
a conditional write and both write, which DynamoDB never allows: every operation here holds one
lock from parsing to response. moto's transactions copy whole tables; the copies are made cheap as
for the project's own moto (scripts/emulators/moto_transactions.py).
"""

import os
import sys
import threading

from localstack.aws.api.dynamodb import DynamodbApi
from localstack.aws.skeleton import DispatchTable
from localstack.services.moto import MotoFallbackDispatcher
from localstack.services.plugins import Service, aws_provider

# scripts/emulators, beside this package's folder (scripts/localstack).
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulators"))

_LOCK = threading.Lock()


class MotoDynamoDBProvider(DynamodbApi):
    """Implements nothing: every operation falls through to moto."""

    service = "dynamodb"


def serialised_moto(provider: object) -> DispatchTable:
    """The moto fallback dispatch table of `provider`, each handler run under one lock."""

    def locked(handler):
        def handle(context, request):
            with _LOCK:
                return handler(context, request)

        return handle

    return {operation: locked(handler) for operation, handler in MotoFallbackDispatcher(provider).items()}


@aws_provider(api="dynamodb", name="stepstone-moto")
def dynamodb_stepstone_moto():
    from moto_transactions import cheap_transaction_snapshots

    cheap_transaction_snapshots()
    return Service.for_provider(MotoDynamoDBProvider(), dispatch_table_factory=serialised_moto)
