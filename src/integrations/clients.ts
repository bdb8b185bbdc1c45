/**
 * The AWS SDK v3 clients integrations call, one per service and region, built from the standard SDK
 * configuration: `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_REGION`, the default
 * credential chain. No endpoint is set in code unless the caller gives one (the embedded engine's
 * `endpoint` option).
 *
 * Clients of services the project depends on are imported statically; any other (`aws-sdk:*`) is
 * loaded by package name when first used (`@aws-sdk/client-<service>`), through `require` so that on
 * AWS Lambda it resolves to the SDK the Node.js runtime ships (`NODE_PATH`) and locally to the
 * project's `node_modules`. A missing package is a {@link MissingClientPackageError} naming it.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
import { createRequire } from 'node:module';

/** Any AWS SDK v3 client. */
export interface SdkClient {
  send(command: unknown): Promise<unknown>;
  readonly config: { readonly serviceId?: string };
}

/** An AWS SDK v3 client class. */
export type SdkClientClass = new (config: Record<string, unknown>) => SdkClient;

/** Thrown when a service's client package is not installed. */
export class MissingClientPackageError extends Error {
  override readonly name = 'MissingClientPackageError';
  constructor(readonly packageName: string) {
    super(`the AWS SDK client package ${packageName} is not installed: npm install ${packageName}`);
  }
}

/**
 * Thrown when a client would reach AWS itself although the caller asked for an endpoint (the embedded
 * engine never calls real AWS unless told to).
 */
export class NoEndpointError extends Error {
  override readonly name = 'NoEndpointError';
  constructor(readonly serviceId: string) {
    super(`no endpoint is configured for ${serviceId}`);
  }
}

/** Options of {@link AwsClients}. */
export interface AwsClientsOptions {
  /** One endpoint for every service (LocalStack, moto). @default the standard SDK configuration */
  readonly endpoint?: string | undefined;
  /**
   * Refuse to build a client that would reach AWS: with no `endpoint` and neither `AWS_ENDPOINT_URL`
   * nor `AWS_ENDPOINT_URL_<SERVICE>` set, {@link AwsClients.get} throws {@link NoEndpointError}.
   * @default false
   */
  readonly requireEndpoint?: boolean;
  /** Clients to use as they are, by SDK service id (`Lambda`, `DynamoDB`): custom retries, tracing. */
  readonly prebuilt?: Readonly<Record<string, SdkClient | undefined>>;
  /** Where `AWS_*` variables are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Loads a package by name. @default `require` relative to this module */
  readonly load?: (packageName: string) => unknown;
}

const requireHere = createRequire(import.meta.url);

/** A cache of SDK clients by service and region. */
export class AwsClients {
  private readonly clients = new Map<string, SdkClient>();
  private readonly modules = new Map<string, Record<string, unknown>>();

  constructor(private readonly options: AwsClientsOptions = {}) {}

  /** The client of class `Client` for `region` (built once). */
  get<C extends SdkClient>(Client: new (config: Record<string, unknown>) => C, region: string): C {
    const key = `${Client.name}|${region}`;
    const cached = this.clients.get(key);
    if (cached !== undefined) return cached as C;
    const client = new Client(this.configFor(region));
    const serviceId = client.config.serviceId ?? Client.name.replace(/Client$/, '');
    const prebuilt = this.options.prebuilt?.[serviceId] as C | undefined;
    if (prebuilt !== undefined) {
      this.clients.set(key, prebuilt);
      return prebuilt;
    }
    if (this.options.requireEndpoint === true && !this.hasEndpoint(serviceId)) throw new NoEndpointError(serviceId);
    // Emulators serve buckets by path, not by host name.
    const chosen =
      serviceId === 'S3' && this.hasEndpoint(serviceId)
        ? new Client({ ...this.configFor(region), forcePathStyle: true })
        : client;
    this.clients.set(key, chosen);
    return chosen;
  }

  /** The exports of an SDK package, loaded once; throws {@link MissingClientPackageError}. */
  module(packageName: string): Record<string, unknown> {
    let loaded = this.modules.get(packageName);
    if (loaded === undefined) {
      try {
        loaded = (this.options.load ?? requireHere)(packageName) as Record<string, unknown>;
      } catch (error) {
        if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') throw new MissingClientPackageError(packageName);
        throw error;
      }
      this.modules.set(packageName, loaded);
    }
    return loaded;
  }

  /**
   * Whether these clients refuse to reach AWS for `serviceId` (built with `requireEndpoint` and no
   * endpoint configured): what an integration calling AWS without an SDK client (`apigateway:invoke` on
   * an `execute-api` host) must respect too.
   */
  refusesAws(serviceId: string): boolean {
    return this.options.requireEndpoint === true && !this.hasEndpoint(serviceId);
  }

  /** Whether calls to `serviceId` go to a configured endpoint rather than AWS's own. */
  hasEndpoint(serviceId: string): boolean {
    const env = this.options.env ?? process.env;
    const specific = `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/[\s-]+/g, '_')}`;
    return [this.options.endpoint, env.AWS_ENDPOINT_URL, env[specific]].some((url) => url !== undefined && url !== '');
  }

  private configFor(region: string): Record<string, unknown> {
    const env = this.options.env ?? process.env;
    const config: Record<string, unknown> = { region };
    if (this.options.endpoint !== undefined) {
      config.endpoint = this.options.endpoint;
      // An emulator takes any credentials: do not fail for want of them.
      if (env.AWS_ACCESS_KEY_ID === undefined && env.AWS_PROFILE === undefined) {
        config.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
      }
    }
    return config;
  }
}
