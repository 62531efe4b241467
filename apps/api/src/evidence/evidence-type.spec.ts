import { checkEvidenceType } from './evidence-type';

const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const ZIP = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
  Buffer.alloc(40),
]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), Buffer.alloc(60)]);
const UNKNOWN = Buffer.from([0x13, 0x37, 0xc0, 0xde, 0xff, 0xfe, 0x00, 0x01]);

const verdict = (name: string, bytes: Buffer) => {
  const v = checkEvidenceType(bytes, name);
  return v.ok ? v.type.mime : v.code;
};

describe('checkEvidenceType', () => {
  it('accepts an allowed extension whose bytes agree', () => {
    expect(verdict('整改报告.pdf', PDF)).toBe('application/pdf');
    expect(verdict('现场照片.PNG', PNG)).toBe('image/png');
    expect(verdict('台账.xlsx', ZIP)).toContain('spreadsheetml');
    expect(verdict('材料.zip', ZIP)).toBe('application/zip');
    expect(verdict('旧台账.xls', OLE)).toBe('application/vnd.ms-excel');
    expect(verdict('名单.csv', Buffer.from('姓名,部门\n张三,D1\n'))).toBe('text/csv');
    expect(verdict('说明.md', Buffer.from('# 说明\n'))).toBe('text/plain');
  });
  it('refuses an extension off the allow-list whatever the bytes', () => {
    expect(verdict('tool.exe', UNKNOWN)).toBe('file_type_not_allowed');
    expect(verdict('tool.exe', Buffer.from('echo hi\n'))).toBe('file_type_not_allowed');
    expect(verdict('scan.exe', PDF)).toBe('file_type_not_allowed');
    expect(verdict('page.html', Buffer.from('<script>alert(1)</script>'))).toBe(
      'file_type_not_allowed',
    );
    expect(verdict('invoice\u202Etxt.exe', Buffer.from('x'))).toBe('file_type_not_allowed');
    expect(verdict('README', Buffer.from('x'))).toBe('file_type_not_allowed');
    expect(verdict('tool.jar', ZIP)).toBe('file_type_not_allowed');
  });
  it('refuses bytes that disagree with the name or are not recognised', () => {
    expect(verdict('整改报告.pdf', EXE)).toBe('file_type_mismatch');
    expect(verdict('整改报告.pdf', UNKNOWN)).toBe('file_type_mismatch');
    expect(verdict('photo.txt', PNG)).toBe('file_type_mismatch');
    expect(verdict('photo.png', PDF)).toBe('file_type_mismatch');
    expect(verdict('台账.docx', OLE)).toBe('file_type_mismatch');
  });
  it('takes text only when all of it is UTF-8 without NUL', () => {
    expect(verdict('a.txt', Buffer.from('整改\u0000记录'))).toBe('file_type_mismatch');
    expect(verdict('a.txt', Buffer.from([0xe6, 0x95]))).toBe('file_type_mismatch');
    const late = Buffer.concat([Buffer.from('a'.repeat(100_000)), Buffer.from([0xff])]);
    expect(verdict('a.txt', late)).toBe('file_type_mismatch');
  });
});
