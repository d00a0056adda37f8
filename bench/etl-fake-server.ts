// The fake OWS v3 server in its own process for the ETL benchmark (the real API is another machine, so it must not
// share the ETL's event loop). Argument: the number of lots. Prints the URL as one line; stops on SIGTERM.
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';

const fake = await FakeGoszakup.start({ lots: Number(process.argv[2] ?? 10_000), seed: 5 });
process.stdout.write(`${fake.url}\n`);
process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
