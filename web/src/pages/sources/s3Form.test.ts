import { describe, expect, it } from 'vitest';
import { bucketError, emptyS3Form, suggestedRoleArn, updateS3Form, validateS3Form } from './s3Form';

describe('bucketError', () => {
  it.each([
    ['acme-logs', undefined],
    ['acme.logs.2024', undefined],
    ['ab', 'Bucket name: use 3 to 63 characters.'],
    ['a'.repeat(64), 'Bucket name: use 3 to 63 characters.'],
    ['Acme', 'Bucket name: use only lower-case letters, digits, dots and hyphens.'],
    ['acme_logs', 'Bucket name: use only lower-case letters, digits, dots and hyphens.'],
    ['-acme', 'Bucket name: start and end with a lower-case letter or a digit.'],
    ['acme.', 'Bucket name: start and end with a lower-case letter or a digit.'],
    ['acme..logs', 'Bucket name: two dots may not follow each other.'],
    ['192.168.1.1', 'Bucket name: a bucket name cannot look like an IP address.'],
    ['xn--acme', 'Bucket name: names starting with xn-- or ending with -s3alias or --ol-s3 are reserved by AWS.'],
    ['s3://acme', 'Bucket name: give the name only, without s3:// or arn:aws:s3:::.'],
  ])('%s', (bucket, want) => {
    expect(bucketError(bucket)).toBe(want);
  });
});

describe('validateS3Form', () => {
  const valid = {
    ...emptyS3Form(),
    label: 'Trail',
    awsAccountId: '111122223333',
    bucket: 'acme-trail',
    prefixes: [{ key: 1, prefix: '', logTypes: ['AWS.CloudTrail'] }],
  };

  it('accepts a complete form', () => {
    expect(validateS3Form(valid)).toEqual({});
  });

  it('wants roles the log processor may assume', () => {
    expect(validateS3Form({ ...valid, logProcessingRole: 'arn:aws:iam::111122223333:role/ReadLogs' }).logProcessingRole).toBe(
      'Log processing role ARN: Panther may assume only roles named PantherLogProcessingRole-…; name the role PantherLogProcessingRole-ReadLogs.',
    );
    expect(validateS3Form({ ...valid, logProcessingRole: 'arn:aws:iam::111122223333:role/PantherLogProcessingRole-x' })).toEqual({});
  });

  it('does not check the account of an existing source', () => {
    expect(validateS3Form({ ...valid, awsAccountId: '' }).awsAccountId).toMatch(/^AWS account ID is required/);
    expect(validateS3Form({ ...valid, awsAccountId: '' }, { editing: true })).toEqual({});
  });
});

describe('the suggested role', () => {
  it('follows the name and account until edited', () => {
    let form = updateS3Form(emptyS3Form(), { label: 'My logs' }, 'us-east-1');
    expect(form.logProcessingRole).toBe('');
    form = updateS3Form(form, { awsAccountId: '111122223333' }, 'us-east-1');
    expect(form.logProcessingRole).toBe('arn:aws:iam::111122223333:role/PantherLogProcessingRole-My-logs');
    form = updateS3Form(form, { logProcessingRole: 'arn:aws:iam::111122223333:role/PantherLogProcessingRole-mine' }, 'us-east-1');
    form = updateS3Form(form, { label: 'Renamed' }, 'us-east-1');
    expect(form.logProcessingRole).toBe('arn:aws:iam::111122223333:role/PantherLogProcessingRole-mine');
  });

  it('uses the partition of the region', () => {
    expect(suggestedRoleArn('x1', '111122223333', 'cn-north-1')).toBe('arn:aws-cn:iam::111122223333:role/PantherLogProcessingRole-x1');
  });
});
