// Self-signed certificates made with the openssl CLI for the TLS tests: one expired, one valid.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
}

export const opensslAvailable = spawnSync('openssl', ['version']).status === 0;

const CONFIG = `
[ca]
default_ca = d
[d]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
copy_extensions = copy
unique_subject = no
[p]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
req_extensions = ext
x509_extensions = ext
[dn]
CN = receiver.test
[ext]
subjectAltName = IP:127.0.0.1,DNS:receiver.test
basicConstraints = critical,CA:TRUE
`;

/** A self-signed certificate for 127.0.0.1 and receiver.test, valid over the given dates. */
export function makeCertificate(
  validity: { startDate: string; endDate: string } | { days: number },
): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-cert-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    writeFileSync(join(dir, 'ca.cnf'), CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    const newKey = [
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
    ];
    if ('days' in validity) {
      run([
        'req',
        '-x509',
        ...newKey,
        '-out',
        'cert.pem',
        '-days',
        String(validity.days),
        '-config',
        'ca.cnf',
      ]);
    } else {
      // `openssl req` (3.0) cannot back-date; `openssl ca` can.
      run(['req', '-new', ...newKey, '-out', 'csr.pem', '-config', 'ca.cnf']);
      run([
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-selfsign',
        '-keyfile',
        'key.pem',
        '-in',
        'csr.pem',
        '-out',
        'cert.pem',
        '-startdate',
        validity.startDate,
        '-enddate',
        validity.endDate,
        '-notext',
      ]);
    }
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
