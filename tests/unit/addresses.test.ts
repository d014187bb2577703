// Which request targets the front server sends to the 400 page (src/server/http/addresses.ts).
import { describe, expect, it } from 'vitest';
import { badAddressPage, isDecodablePath } from '../../src/server/http/addresses.ts';

describe('isDecodablePath', () => {
  it.each(['/', '/mine-sager/AB-1', '/en/ai-systemer?q=%zz', '/s%C3%B8g', '/a%2Fb'])(
    'accepts %s',
    (target) => {
      expect(isDecodablePath(target)).toBe(true);
    },
  );
  it.each(['/%zz', '/en/%25zz', '/%2525zz', '/mine-sager/%E0%A4%A', '/a%00b', '/a%2500b', '/%7F', '/%'])(
    'refuses %s',
    (target) => {
      expect(isDecodablePath(target)).toBe(false);
    },
  );
});

describe('badAddressPage', () => {
  it('answers in the language of the path', () => {
    expect(badAddressPage('/%zz')).toBe('/ugyldig-adresse');
    expect(badAddressPage('/en/%zz')).toBe('/en/ugyldig-adresse');
    expect(badAddressPage('/en')).toBe('/en/ugyldig-adresse');
    expect(badAddressPage('/english/%zz')).toBe('/ugyldig-adresse');
  });
});
