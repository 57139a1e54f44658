/**
 * Column mapping suggestions (shared/import/mapping.ts) and names from their parts
 * (shared/import/fields.ts), as exported by real programs: pure functions.
 */
import { describe, expect, it } from 'vitest';
import { composeName } from '../../shared/import/fields';
import { fieldOfHeader, suggestMapping } from '../../shared/import/mapping';

describe('suggested mapping', () => {
  it('gives a field to its most specific column, and a column its next field when its best is taken', () => {
    // Outlook: "Title" is the form of address; the job is "Job Title".
    expect(suggestMapping('people', ['Title', 'First Name', 'Last Name', 'Company', 'Job Title', 'Business Phone', 'Mobile Phone'])).toEqual([
      null,
      'givenName',
      'familyName',
      'account',
      'title',
      null,
      'phone',
    ]);
    // Google: the account comes from "Organization Name", the title from "Organization Title".
    expect(suggestMapping('people', ['Organization Name', 'Organization Title', 'E-mail 1 - Label', 'E-mail 1 - Value'])).toEqual([
      'account',
      'title',
      null,
      'email',
    ]);
  });

  it('reads Latin names as whole words, camel case split, and Chinese ones anywhere, traditional or simplified', () => {
    expect(fieldOfHeader('people', 'Nickname')).toBeNull();
    expect(fieldOfHeader('people', 'CompanyName')).toBe('account');
    expect(fieldOfHeader('people', 'Contact Email')).toBe('email');
    expect(fieldOfHeader('people', '客户名称（全称）')).toBe('account');
    expect(fieldOfHeader('people', '客戶名稱')).toBe('account');
    expect(fieldOfHeader('people', '職稱')).toBe(null);
    expect(fieldOfHeader('people', '職務')).toBe('title');
  });
});

describe('a name from its parts', () => {
  it('family first without spaces in Chinese, given first otherwise', () => {
    expect(composeName({ familyName: '王', givenName: '传福' })).toBe('王传福');
    expect(composeName({ familyName: '欧阳', givenName: '娜娜' })).toBe('欧阳娜娜');
    expect(composeName({ givenName: 'José', familyName: 'Müller' })).toBe('José Müller');
    expect(composeName({ givenName: 'François', middleName: 'Marie', familyName: 'Lefèvre' })).toBe('François Marie Lefèvre');
    expect(composeName({ familyName: ' Smith ' })).toBe('Smith');
    expect(composeName({})).toBe('');
  });
});
