import { fenAsChineseAmount, fenToYuan, yuanToFen } from './outcomes';

describe('amounts in integer 分', () => {
  it('reads 元 as written, without floating-point drift', () => {
    expect(yuanToFen('665700')).toBe(66_570_000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1369.5')).toBe(136_950);
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in 分 it is exact.
    expect((yuanToFen('0.1') as number) + (yuanToFen('0.2') as number)).toBe(yuanToFen('0.3'));
  });

  it('refuses a sign, an exponent, three decimals, leading zeros or text', () => {
    for (const bad of ['-5', '+5', '1e5', '1.234', '012', 'abc', '', '1,000', '100000000000'])
      expect(yuanToFen(bad)).toBeNull();
  });

  it('writes 元 with two decimals', () => {
    expect(fenToYuan(66_570_000)).toBe('665700.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(136_950)).toBe('1369.50');
  });

  it('states amounts as the genre does: exact 万元 from 1万元, 元 below', () => {
    expect(fenAsChineseAmount(yuanToFen('665700') as number)).toBe('66.57万元');
    expect(fenAsChineseAmount(yuanToFen('1460000') as number)).toBe('146万元');
    expect(fenAsChineseAmount(yuanToFen('13695000') as number)).toBe('1369.5万元');
    expect(fenAsChineseAmount(yuanToFen('10000') as number)).toBe('1万元');
    expect(fenAsChineseAmount(yuanToFen('12345.67') as number)).toBe('1.234567万元');
    expect(fenAsChineseAmount(yuanToFen('9999.5') as number)).toBe('9999.5元');
    expect(fenAsChineseAmount(yuanToFen('300') as number)).toBe('300元');
  });
});
