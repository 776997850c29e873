import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { FirstAdminBody, TopUnitType } from '../../../contract/account.js';
import type { Deps } from './deps.js';
import { buildModels, syncIndexes } from './models.js';
import { loadConfig } from '../platform/config.js';
import { connectDb } from '../platform/db.js';
import { createLogger } from '../platform/log.js';
import { AppError } from '../platform/errors.js';
import { createFirstAdmin } from '../account/firstAdmin.js';

/**
 * Creates the first administrator from the shell, for operators who prefer it to the
 * first-run page (the same service, so the same checks and audit entry):
 *
 *   npm run admin:create -- --login quantri@tinh.gov.vn --name "Nguyễn Văn A" --unit "Tỉnh Quảng Trị" \
 *     [--council "Hội đồng nhân dân tỉnh …"] [--elected 61] [--term "Khóa IX (2026–2031)"] [--unit-type tinh|thanh-pho-tw]
 *
 * The password is read from ADMIN_PASSWORD, or asked for (not echoed). Exit 0 when created,
 * 1 when refused (an account exists already, a field is not valid), 2 when it cannot run.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      login: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' }, council: { type: 'string' },
      elected: { type: 'string' }, term: { type: 'string' }, 'unit-type': { type: 'string' },
    },
    strict: true,
  });
  if (!values.login || !values.name || !values.unit) {
    console.error('Usage: npm run admin:create -- --login <login> --name <display name> --unit <province or city> [--council <name>] [--elected <N>] [--term <term>] [--unit-type tinh|thanh-pho-tw]');
    return 2;
  }
  const password = process.env.ADMIN_PASSWORD ?? (await askHidden('Mật khẩu / Password: '));
  const unitName = values.unit.trim();
  const parsed = FirstAdminBody.safeParse({
    unitName,
    unitType: TopUnitType.safeParse(values['unit-type']).data ?? (/^thành phố/i.test(unitName) ? 'thanh-pho-tw' : 'tinh'),
    councilName: values.council ?? `Hội đồng nhân dân ${unitName.replace(/^(Tỉnh|Thành phố)/, (w) => w.toLowerCase())}`,
    electedTotal: Number(values.elected ?? 50),
    term: values.term ?? 'Nhiệm kỳ 2026–2031',
    displayName: values.name,
    login: values.login,
    password,
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
    return 1;
  }
  const config = loadConfig();
  const conn = await connectDb(config.MONGODB_URI);
  try {
    const models = buildModels(conn);
    await syncIndexes(models);
    // The service needs the models, the log and the audit log: no server, no media.
    const deps = { config, log: createLogger('warn'), conn, models } as unknown as Deps;
    await createFirstAdmin(deps, parsed.data);
    console.log(`Đã tạo quản trị viên ${parsed.data.login} của ${unitName}. / Administrator ${parsed.data.login} of ${unitName} created.`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await conn.close();
  }
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  let muted = true;
  const output = new Writable({ write(chunk, _enc, done) { if (!muted) process.stdout.write(chunk); done(); } });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => rl.question('', (answer) => { muted = false; rl.close(); process.stdout.write('\n'); resolve(answer); }));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('Cannot create the administrator:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
