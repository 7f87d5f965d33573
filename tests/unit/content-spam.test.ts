import { DEFAULT_BLOCKED_TERMS, blockedTermsOf, findBlockedTerms } from '../../src/modules/content/spam';

const find = (...texts: string[]) => findBlockedTerms(texts, DEFAULT_BLOCKED_TERMS).sort();

describe('findBlockedTerms with the default list', () => {
  test.each([
    ['Main slot gacor maxwin hari ini', ['gacor', 'maxwin', 'slot']],
    ['JUDI ONLINE', ['judi']],
    ['Bandar  Togel terpercaya', ['bandar togel', 'togel']],
    ['situs.slot resmi', ['situs slot', 'slot']],
    ['Slot88 link alternatif', ['link alternatif', 'slot', 'slot88']],
    ['rtp-live mahjong ways', ['mahjong ways', 'rtp live']],
    ['deposit pulsa tanpa potongan', ['deposit pulsa']],
    ['togel4d', ['togel']],
  ])('%s → %j', (text, terms) => {
    expect(find(text)).toEqual(terms);
  });

  test.each([
    ['s1ot g4cor', ['gacor', 'slot']],
    ['sl0t', ['slot']],
    ['$lot', ['slot']],
    ['g@cor m4xwin', ['gacor', 'maxwin']],
    ['jud1 t0gel', ['judi', 'togel']],
    ['slót gácor', ['gacor', 'slot']],
    ['ＳＬＯＴ', ['slot']],
  ])('disguised with digits, symbols, accents or wide letters: %s', (text, terms) => {
    expect(find(text)).toEqual(terms);
  });

  test.each(['s l o t', 'S.L.O.T', 's-l-o-t', 's _ l _ o _ t', 'g a c o r'])('letters spaced apart: %s', (text) => {
    expect(find(text)).toHaveLength(1);
  });

  test.each([
    'Judul berita: lomba desa',
    'Kabupaten Pemalang dan Pemali',
    'slotting mesin, sloting',
    'Desa Sirkandi, Pagak, Kecitran, Purwareja, Klampok, Kalilandak, Kalimandi, Kaliwinasuh',
    'Rp 5.000 per bungkus, RT 01/RW 05, Jl. Raya 17',
    'Jadwal posyandu 1 s.d. 10 Desember',
    'pelatihan kasir dan akuntansi',
    'Budidaya ikan lele, togelan? bukan',
    'pos ronda, togetherness, scattered',
    'maksimal 100 kg, win-win',
  ])('no false positive: %s', (text) => {
    expect(find(text)).toEqual([]);
  });

  test('every text given is read (title, summary, body, details)', () => {
    expect(find('Keripik', '', 'Enak sekali', 'Toko gacor')).toEqual(['gacor']);
  });
});

describe('a kecamatan’s own list', () => {
  test('one term per line, trimmed and lower-cased; null means the default', () => {
    expect(blockedTermsOf('Judi\r\n  BET88.example \n\n')).toEqual(['judi', 'bet88.example']);
    expect(blockedTermsOf(null)).toBe(DEFAULT_BLOCKED_TERMS);
    expect(blockedTermsOf('')).toEqual([]);
  });

  test('domains are found anywhere in a link or text, case-insensitive; words of the default list no longer count', () => {
    const terms = blockedTermsOf('judi\nbet88.example');
    expect(findBlockedTerms(['Daftar [di sini](https://www.BET88.example/daftar?ref=1)'], terms)).toEqual(['bet88.example']);
    expect(findBlockedTerms(['main judi'], terms)).toEqual(['judi']);
    expect(findBlockedTerms(['slot gacor'], terms)).toEqual([]);
    expect(findBlockedTerms(['bet88 example', 'bet88example.com'], terms)).toEqual([]);
  });
});
