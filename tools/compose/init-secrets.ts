import { generateSecrets } from './generate-secrets';

/**
 * The `init` step of docker-compose.yml, run as root before anything else starts. Nothing secret is
 * in the repository or the compose file: it is all generated here, once.
 * Usage: node dist/tools/compose/init-secrets.js <secrets root>
 */
generateSecrets(process.argv[2] ?? '/run/gatehouse').then(
  (created) =>
    process.stdout.write(
      created.length
        ? `generated: ${created.join(', ')}\n`
        : 'every secret exists already: nothing generated\n',
    ),
  (error: unknown) => {
    process.stderr.write(`init-secrets failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
