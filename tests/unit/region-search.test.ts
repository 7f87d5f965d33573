import { editDistance, fold, searchDistricts, trigramSimilarity } from '../../src/regions/search';

const codes = (q: string, limit?: number) => searchDistricts(q, limit).map((d) => d.code);

describe('fold: old and new spellings meet', () => {
  test.each([
    ['Purwareja', 'Purworeja'],
    ['Purworejo', 'Purworeja'],
    ['Soerabaja', 'Surabaya'],
    ['Tjilatjap', 'Cilacap'],
    ['Djember', 'Jember'],
    ['Jogja', 'Yogya'],
    ['Djokja', 'Jokja'],
    ['Bukittinggi', 'Bukitinggi'],
  ])('%s ~ %s', (a, b) => expect(fold(a)).toBe(fold(b)));

  test('different names stay different', () => {
    expect(fold('Klampok')).not.toBe(fold('Kampak'));
    expect(fold('Susukan')).not.toBe(fold('Sukamaju'));
  });
});

describe('editDistance and trigramSimilarity', () => {
  test('insertions, deletions, substitutions and swapped neighbours count one each', () => {
    expect(editDistance('klampok', 'klampok')).toBe(0);
    expect(editDistance('klampk', 'klampok')).toBe(1);
    expect(editDistance('klampoak', 'klampok')).toBe(1);
    expect(editDistance('klampak', 'klampok')).toBe(1);
    expect(editDistance('klamopk', 'klampok')).toBe(1);
    expect(editDistance('kalimandi', 'kalilandak')).toBe(3);
  });

  test('stops at the bound', () => {
    expect(editDistance('purworeja', 'susukan', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });

  test('trigram similarity is 1 for equal words and falls with the differences', () => {
    expect(trigramSimilarity('banjarnegara', 'banjarnegara')).toBe(1);
    const near = trigramSimilarity('banjarnegra', 'banjarnegara');
    expect(near).toBeGreaterThan(0.5);
    expect(trigramSimilarity('susukan', 'banjarnegara')).toBeLessThan(0.1);
  });
});

describe('searchDistricts', () => {
  test('the official spelling and the old one both find Purworeja Klampok first', () => {
    expect(codes('Purworeja')[0]).toBe('33.04.02');
    expect(codes('Purwareja')[0]).toBe('33.04.02');
    expect(codes('purwareja klampok')).toEqual(['33.04.02']);
    // The a/o fold also finds the Purworejo kecamatan, after the closer spelling.
    expect(codes('Purwareja')).toEqual(expect.arrayContaining(['33.06.06']));
  });

  test('old spellings: oe, dj, tj, j', () => {
    expect(codes('Tjilatjap', 3).every((c) => c.startsWith('33.01.'))).toBe(true);
    expect(searchDistricts('Soerabaja').some((d) => d.regencyName === 'Kota Surabaya')).toBe(true);
    expect(searchDistricts('Djember', 5).every((d) => d.regencyName === 'Kabupaten Jember')).toBe(true);
    expect(searchDistricts('Jogjakarta').some((d) => d.regencyName === 'Kota Yogyakarta')).toBe(true);
  });

  test('code prefixes with or without dots, and a village code', () => {
    const banjarnegara = codes('3304', 50);
    expect(banjarnegara).toHaveLength(20);
    expect(banjarnegara.every((c) => c.startsWith('33.04.'))).toBe(true);
    expect(banjarnegara[0]).toBe('33.04.01');
    expect(codes('33.04', 50)).toEqual(banjarnegara);
    expect(codes('33.04.02')).toEqual(['33.04.02']);
    expect(codes('330402')).toEqual(['33.04.02']);
    expect(codes('33.04.02.2006')).toEqual(['33.04.02']);
    expect(codes('33', 5).every((c) => c.startsWith('33.'))).toBe(true);
    expect(codes('99.99')).toEqual([]);
  });

  test('a code and a name together narrow each other', () => {
    expect(codes('3304 klampok')).toEqual(['33.04.02']);
    expect(codes('3306 klampok')).toEqual([]);
  });

  test('small typos: a swapped, missing or extra letter', () => {
    expect(codes('Klamopk')[0]).toBe('33.04.02');
    expect(codes('klampk')[0]).toBe('33.04.02');
    expect(searchDistricts('Banjarnegra')[0]).toMatchObject({ code: '33.04.06', name: 'Banjarnegara' });
    expect(searchDistricts('Kramatwatuu')[0]).toMatchObject({ code: '36.04.05' });
  });

  test('a beginning of the name, a name typed as one word, and "kecamatan" before it', () => {
    expect(codes('klamp')).toContain('33.04.02');
    expect(codes('purworejaklampok')[0]).toBe('33.04.02');
    expect(codes('Kecamatan Purworeja Klampok')).toEqual(['33.04.02']);
  });

  test('the kabupaten or province name finds its kecamatan; every word must match', () => {
    expect(codes('susukan banjarnegara')).toEqual(['33.04.01']);
    expect(searchDistricts('serang', 50).some((d) => d.regencyName === 'Kabupaten Serang')).toBe(true);
    expect(codes('klampok zzzqqq')).toEqual([]);
  });

  test('too short or nonsense finds nothing; limit is kept', () => {
    expect(searchDistricts('k')).toEqual([]);
    expect(searchDistricts('  ')).toEqual([]);
    expect(searchDistricts('zzzqqq')).toEqual([]);
    expect(searchDistricts('kecamatan')).toEqual([]);
    expect(searchDistricts('kabupaten', 5)).toHaveLength(5);
  });
});

test('among equal matches, the name with fewer other words comes first', () => {
  expect(searchDistricts('serang', 3).map((d) => d.name)).toEqual(['Serang', 'Serang Baru', expect.any(String)]);
});
