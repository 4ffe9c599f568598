import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

const ASCII = 'correct horse battery';
// Fullwidth C, a precomposed é and the "ﬁ" ligature: NFKC turns it into "Café fix-wörd".
const UNICODE = 'Ｃafé ﬁx-wörd';

/** Hashes the apps stored before they shared this module (made with the old code, kept verbatim). */
const OLD = {
  platform: {
    ascii: 'scrypt$16384$8$1$V+VrP1cDKwuA4mmcTv1bEA==$7cNwxx4e1x8VdPDQLeEoJc1+fafq06YpHtwEbes8O/s=',
    unicode: 'scrypt$16384$8$1$rcPmBG64yn1ddlkmuf06rQ==$TBHZ28UugyppedYV456NN8ym599v40DUoIj+cv2ApVI=',
  },
  connector: {
    ascii: 'scrypt$32768$8$1$JErs/fGUXPc2L28WxuSPaQ==$Np/0wFZOCEKrliLr0UuJPJtqRwLX8+iuxn5YgSVf6R0=',
    unicode: 'scrypt$32768$8$1$haik6CDVlPjJXKDcMn9VJQ==$ic337N4GHHUCpDkT0N8RrR3zZfo7vLo9WK6drhmrSdI=',
  },
};

describe('passwords', () => {
  it('a new hash verifies its password, refuses others, and is salted', async () => {
    const a = await hashPassword(ASCII);
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword(ASCII, a)).toBe(true);
    expect(await verifyPassword(`${ASCII} `, a)).toBe(false);
    expect(await hashPassword(ASCII)).not.toBe(a);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies the NFKC form: the same password typed another way still matches', async () => {
    const h = await hashPassword(UNICODE);
    expect(await verifyPassword(UNICODE.normalize('NFKC'), h)).toBe(true);
    expect(await verifyPassword(UNICODE.normalize('NFD'), h)).toBe(true);
  });

  for (const app of ['platform', 'connector'] as const) {
    it(`keeps verifying the ${app}'s old hashes (ASCII and non-ASCII passwords), and asks for a rehash`, async () => {
      expect(await verifyPassword(ASCII, OLD[app].ascii)).toBe(true);
      expect(await verifyPassword(UNICODE, OLD[app].unicode)).toBe(true);
      expect(await verifyPassword('correct horse battery!', OLD[app].ascii)).toBe(false);
      expect(await verifyPassword(ASCII, OLD[app].unicode)).toBe(false);
      expect(needsRehash(OLD[app].ascii)).toBe(true);
    });
  }

  it('malformed hashes and cost bombs never match and never throw', async () => {
    for (const stored of [
      '',
      'plain-text-password',
      'bcrypt$10$abc$def',
      'scrypt$16384$8$1$$',
      'scrypt$16385$8$1$V+VrP1cDKwuA4mmcTv1bEA==$7cNwxx4e1x8VdPDQLeEoJc1+fafq06YpHtwEbes8O/s=',
      'scrypt$1048576$8$1$V+VrP1cDKwuA4mmcTv1bEA==$7cNwxx4e1x8VdPDQLeEoJc1+fafq06YpHtwEbes8O/s=',
      '$scrypt$ln=30,r=8,p=1$V+VrP1cDKwuA4mmcTv1bEA==$7cNwxx4e1x8VdPDQLeEoJc1+fafq06YpHtwEbes8O/s=',
      '$scrypt$ln=15,r=8,p=1$V+V!$7cNwxx4e1x8VdPDQLeEoJc1+fafq06YpHtwEbes8O/s=',
    ]) {
      expect(await verifyPassword(ASCII, stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('the dummy hash (spent on unknown accounts) costs a real check and matches nothing', async () => {
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword(ASCII, DUMMY_HASH)).toBe(false);
  });
});
