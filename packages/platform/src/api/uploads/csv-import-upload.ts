import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { acceptUpload, MAX_FILE_BYTES } from '../../domain/resources/vendor-csv-imports.ts';
import type { PlatformServices } from '../../services.ts';
import { ErrorSchema } from '../errors.ts';
import { DataOf, Uuid } from '../external/resources/common.ts';
import { CsvImportJobModel } from '../external/resources/vendors/schemas.ts';
import { JSON_UTF8 } from '../external/route.ts';

const error = (description: string) => ({ description, ...ErrorSchema });

/**
 * `PUT /uploads/csv-import/{jobId}?token=…`: where `:get-presigned-url` points, since there is no object store.
 * No API key: the single-use token in the URL's query is the credential, so the route's request lines are not logged.
 * The body is the file, as with an S3 presigned PUT.
 */
export function csvImportUploads(services: PlatformServices) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // Any body arrives as bytes: the domain decides which content types are CSV (FILE_TYPE_NOT_SUPPORTED otherwise).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * MAX_FILE_BYTES }, (_req, body, done) => done(null, body));
    app.put<{ Params: { jobId: string }; Querystring: { token: string; expires?: number } }>(
      '/uploads/csv-import/:jobId',
      {
        bodyLimit: 2 * MAX_FILE_BYTES,
        // Request logs hold the URL, token included: this route logs only warnings and errors (which carry no URL).
        logLevel: 'warn',
        schema: {
          tags: ['uploads'],
          summary: 'Upload the CSV file of a vendor import job (the URL from :get-presigned-url)',
          description: `Body: the file (Content-Type text/csv, UTF-8, at most ${MAX_FILE_BYTES} bytes). One upload per URL.`,
          security: [],
          params: Type.Object({ jobId: Uuid() }),
          querystring: Type.Object({
            token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
            expires: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 40, description: 'When the URL expires (informative).' })),
          }),
          response: {
            200: DataOf(CsvImportJobModel, 'File received: the job is UPLOADED'),
            400: error('FILE_TOO_SMALL, INVALID_FILE_FORMAT or FILE_TYPE_NOT_SUPPORTED (the job is FAILED), or a malformed URL'),
            403: error('UPLOAD_URL_INVALID: the URL is unknown, expired or already used'),
            409: error('INVALID_STATUS_TRANSITION: the job is already queued or finished'),
            413: error('FILE_TOO_LARGE (the job is FAILED)'),
          },
        },
      },
      async (req, reply) => {
        reply.header('content-type', JSON_UTF8).header('cache-control', 'no-store');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const job = await acceptUpload(services.database.db, req.params.jobId, req.query.token, {
          contentType: req.headers['content-type'],
          body,
        });
        return { data: job };
      },
    );
  };
}
