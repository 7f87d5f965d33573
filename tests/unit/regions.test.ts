import { districtCodesOfRegency, findDistrict, findRegencyName, timezoneOfDistrict, villagesOf } from '../../src/regions/official';

describe('official region data', () => {
  test('Purworeja Klampok (33.04.02) with its regency and province', () => {
    expect(findDistrict('33.04.02')).toEqual({
      code: '33.04.02',
      name: 'Purworeja Klampok',
      regencyCode: '33.04',
      regencyName: 'Kabupaten Banjarnegara',
      provinceName: 'Jawa Tengah',
    });
    expect(findDistrict('99.99.99')).toBeUndefined();
    expect(findDistrict('33.04')).toBeUndefined();
  });

  test('33.04.02 has the eight desa of the model kecamatan', () => {
    const villages = villagesOf('33.04.02');
    expect(villages.map((v) => v.name)).toEqual(['Sirkandi', 'Pagak', 'Kecitran', 'Purwareja', 'Klampok', 'Kalilandak', 'Kalimandi', 'Kaliwinasuh']);
    expect(villages.map((v) => v.code)).toEqual(Array.from({ length: 8 }, (_, i) => `33.04.02.200${i + 1}`));
    expect(villages.every((v) => v.kind === 'desa')).toBe(true);
  });

  test('villagesOf returns a copy, not the cached list', () => {
    villagesOf('33.04.02').pop();
    expect(villagesOf('33.04.02')).toHaveLength(8);
  });

  test('a code whose fourth part starts with 1 is a kelurahan', () => {
    const villages = villagesOf('12.01.01');
    const kel = villages.find((v) => v.code === '12.01.01.1001');
    expect(kel).toMatchObject({ name: 'Pasar Batu Gerigis', kind: 'kelurahan' });
    for (const v of villages) expect(v.kind).toBe(v.code.split('.')[3].startsWith('1') ? 'kelurahan' : 'desa');
  });

  test('Kabupaten Serang (36.04) has 29 kecamatan', () => {
    expect(findRegencyName('36.04')).toBe('Kabupaten Serang');
    const codes = districtCodesOfRegency('36.04');
    expect(codes).toHaveLength(29);
    expect(codes.every((c) => c.startsWith('36.04.'))).toBe(true);
    expect(districtCodesOfRegency('99.99')).toEqual([]);
  });

  test('timezone by province', () => {
    expect(timezoneOfDistrict('33.04.02')).toBe('WIB');
    expect(timezoneOfDistrict('11.01.01')).toBe('WIB');
    expect(timezoneOfDistrict('51.01.01')).toBe('WITA');
    expect(timezoneOfDistrict('64.01.01')).toBe('WITA');
    expect(timezoneOfDistrict('81.01.01')).toBe('WIT');
    expect(timezoneOfDistrict('91.01.01')).toBe('WIT');
  });
});
