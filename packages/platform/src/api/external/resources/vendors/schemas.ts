import { Type } from 'typebox';
import { CSV_IMPORT_ERROR_TYPES, CSV_IMPORT_STATUSES, CSV_IMPORT_TYPES } from '../../../../domain/resources/vendor-csv-imports.ts';
import { DateTime, Nullable, StringEnum, Text, Uuid } from '../common.ts';

export const VENDOR_STATES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
export const VendorState = StringEnum(VENDOR_STATES, {
  description: 'ACTIVE: in sync with the ERP; DRAFT: needs to be created in the ERP; ARCHIVED: no longer used.',
});
/** Pleo's CountryCode: ISO 3166-1 alpha-2 (or UNDEFINED). */
export const CountryCode = Type.String({ pattern: '^(UNDEFINED|[A-Z]{2})$', description: 'ISO 3166-1 alpha-2 country code, e.g. DK' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code (3 letters), e.g. DKK' });

/** Pleo's VendorResponse. */
export const VendorModel = Type.Object({
  id: Uuid("Pleo's internal identifier of the vendor."),
  companyId: Uuid("Pleo's internal identifier for the company the Vendor is associated with."),
  name: Type.String(),
  defaultCurrency: Type.String({ minLength: 3, maxLength: 3 }),
  state: VendorState,
  code: Type.Optional(Type.String()),
  externalId: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  registrationNumber: Type.Optional(Type.String()),
  taxRegistrationNumber: Type.Optional(Type.String()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

const fields = {
  code: Type.Optional(Type.String({ description: 'Account code assigned to the vendor in the ERP/accounting system.' })),
  companyId: Uuid("Pleo's internal identifier for the company the Vendor is associated with."),
  country: Type.Optional(CountryCode),
  defaultCurrency: Currency,
  name: Type.String({ minLength: 1, description: 'The official name of the Vendor as recorded in the ERP/accounting system.' }),
  registrationNumber: Type.Optional(Type.String()),
  taxRegistrationNumber: Type.Optional(Type.String({ description: 'VAT/GST/TaxId number of the Vendor.' })),
};

/** VendorCreateRequest */
export const VendorCreateRequest = Type.Object({
  ...fields,
  externalId: Type.Optional(
    Type.String({ description: 'Identifier in the ERP; without one the vendor is a DRAFT for the ERP to create.' }),
  ),
});
/** VendorUpdateRequest */
export const VendorUpdateRequest = Type.Object({ ...fields, externalId: Type.String({ minLength: 1 }), state: VendorState });
/** ActivateVendorEventRequest */
export const ActivateVendorRequest = Type.Object({
  externalId: Type.String({ minLength: 1, description: 'Identifier of the vendor in the ERP/accounting system.' }),
  code: Type.Optional(Type.String()),
});

const list = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Optional(Type.Array(item, { maxItems: 100 }));
/** VendorSearchRequestV1 */
export const VendorSearchRequest = Type.Object({
  accountingSystems: list(Type.String({ description: 'Accepted; vendors are not tied to an accounting system here.' })),
  codes: list(Type.String()),
  countries: list(CountryCode),
  externalIds: list(Type.String()),
  ids: list(Uuid()),
  name: Type.Optional(Type.String({ description: 'Vendors whose name contains this text (case-insensitive).' })),
  states: Type.Optional(Type.Array(VendorState, { maxItems: 4 })),
  taxRegistrationNumbers: list(Type.String()),
});

export const VendorIdParams = Type.Object({ id: Uuid("Pleo's internal identifier of the vendor.") });

// Vendor CSV import jobs (CsvImportJobV1 and friends).

export const CsvImportJobStatus = StringEnum(CSV_IMPORT_STATUSES, { description: 'Status of CSV import job.' });
export const CsvImportErrorType = StringEnum(CSV_IMPORT_ERROR_TYPES);

/** CsvFormatV1 */
export const CsvFormat = Type.Object(
  {
    delimiter: Text({ minLength: 1, maxLength: 1, description: 'Values delimiter.' }),
    escapeCharacter: Type.Optional(Text({ maxLength: 1, description: 'Character used for escaping special characters.' })),
    ignoreEmptyLines: Type.Boolean({ description: 'Whether to ignore empty lines in the CSV file.' }),
    quoteCharacter: Type.Optional(Text({ maxLength: 1, description: 'Character used for quoting values.' })),
    recordSeparator: Text({ maxLength: 2, description: 'Record separator; empty = any of CRLF, LF, CR.' }),
    skipHeaderRecord: Type.Boolean({
      description:
        'Whether the first record is a header (column names) rather than a row to import; without one, columns are named 1, 2, …',
    }),
  },
  { description: 'CSV format configuration. If not provided, the format is guessed from the file.' },
);

/** Place for API users to store flexible data: an object of objects, passed along with every row. */
export const CsvImportMetadata = Type.Record(Type.String({ maxLength: 100 }), Type.Object({}, { additionalProperties: true }), {
  maxProperties: 20,
  description:
    'Passed along with every row. The vendor import reads two keys: columnMapping ({"<column>": "<vendor field>"}) and defaults ({"<vendor field>": "<value>"}).',
});

/** CsvImportJobV1 */
export const CsvImportJobModel = Type.Object({
  id: Uuid('Unique identifier for the import job.'),
  companyId: Uuid('Unique identifier for the company.'),
  type: Type.String({ description: 'Type of CSV import job.' }),
  status: Type.String({ description: 'This can be one of CsvImportJobStatusV1 values' }),
  originalFilename: Type.Optional(Type.String()),
  csvFormat: Type.Optional(CsvFormat),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Object({}, { additionalProperties: true }))),
  columnNames: Type.Optional(Type.Array(Type.String(), { description: 'List of column names from the CSV file.' })),
  errorCode: Type.Optional(Type.String({ description: 'This can be one of CsvImportErrorTypeV1 values' })),
  errorMessage: Type.Optional(Type.String()),
  rowsTotal: Type.Optional(Type.Integer({ description: 'Total number of rows in the CSV file.' })),
  rowsSucceeded: Type.Optional(Type.Integer({ description: 'Number of rows successfully processed.' })),
  rowsFailed: Type.Optional(Type.Integer({ description: 'Number of rows that failed processing.' })),
  rowsSkipped: Type.Optional(Type.Integer({ description: 'Number of rows that were skipped (empty, or a vendor that exists).' })),
  s3Key: Type.Optional(Type.String({ description: 'Where the uploaded CSV file is stored.' })),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

/** CsvRowImportErrorV1 */
export const CsvRowImportErrorModel = Type.Object({
  id: Uuid('Unique identifier for the error.'),
  csvImportJobId: Uuid('Unique identifier for the import job.'),
  rowNumber: Type.Integer({ description: 'Row number in the CSV file where the error occurred (the header is row 1).' }),
  errorCode: Type.String({ description: 'e.g. MISSING_REQUIRED_FIELD, INVALID_CURRENCY, INVALID_COUNTRY, VALUE_TOO_LONG' }),
  errorMessage: Type.String(),
  rawData: Type.String({ description: 'Raw CSV row data as JSON string.' }),
  createdAt: DateTime(),
});

/** CreateCsvImportJobRequestV1 */
export const CreateCsvImportJobRequest = Type.Object({
  companyId: Uuid('Unique identifier for the company.'),
  csvFormat: Type.Optional(CsvFormat),
  metadata: Type.Optional(CsvImportMetadata),
  originalFilename: Text({ minLength: 1, description: 'Original filename of the uploaded CSV file (.csv).' }),
  type: StringEnum(CSV_IMPORT_TYPES, { description: 'Type of CSV import job.' }),
});

/** UpdateMetadataRequestV1 */
export const UpdateCsvImportMetadataRequest = Type.Object({
  metadata: CsvImportMetadata,
  strategy: StringEnum(['REPLACE', 'MERGE'] as const),
});

/** UpdateStatusRequestV1 */
export const UpdateCsvImportStatusRequest = Type.Object({
  errorMessage: Type.Optional(Text({ maxLength: 1000, description: 'Error message if status is FAILED.' })),
  errorType: Type.Optional(CsvImportErrorType),
  status: CsvImportJobStatus,
});

/** SearchCsvImportJobsRequestV1 */
export const SearchCsvImportJobsRequest = Type.Object({
  ids: Type.Optional(Nullable(Type.Array(Uuid(), { maxItems: 100, uniqueItems: true }))),
  statuses: Type.Optional(Nullable(Type.Array(CsvImportJobStatus, { maxItems: 20 }))),
  types: Type.Optional(Nullable(Type.Array(Text({ maxLength: 100 }), { maxItems: 20 }))),
});

/** PresignedUrlV1 */
export const PresignedUrl = Type.Object({
  presignedUrl: Type.String({
    format: 'url',
    description: 'Single-use URL to PUT the CSV file to (Content-Type text/csv), valid for 15 minutes.',
  }),
});

export const CsvImportJobIdParams = Type.Object({ jobId: Uuid('ID of the import job.') });
