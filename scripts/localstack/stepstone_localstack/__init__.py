"""LocalStack plugins with which the project runs LocalStack's open-source edition without Docker and
without DynamoDB Local (scripts/localstack/install.sh registers them in LocalStack's venv):

- `dynamodb.py`: DynamoDB served by the moto LocalStack ships, one request at a time
  (`PROVIDER_OVERRIDE_DYNAMODB=stepstone-moto`);
- `lambda_executor.py`: Node.js functions run as local processes speaking LocalStack's runtime
  init protocol (`LAMBDA_RUNTIME_EXECUTOR=stepstone-local`).
"""
