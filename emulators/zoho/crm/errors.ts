// Every Zoho-shaped CRM error body lives here, so messages and details stay in one table
// (fake-gcs-server's json_response.go habit). Texts follow zoho/crm-oas v8 examples (reference §8).

import { type Reply, jsonReply } from '../http-util';

export class ZohoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return { code: this.code, details: this.details, message: this.message, status: 'error' };
  }
}

export function errorReply(error: ZohoApiError): Reply {
  return jsonReply(error.status, error.toBody());
}

export const crmErrors = {
  invalidToken: () => new ZohoApiError(401, 'INVALID_TOKEN', 'invalid oauth token'),
  scopeMismatch: () => new ZohoApiError(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized'),
  invalidUrlPattern: () => new ZohoApiError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  // Reference §8: 403 NO_PERMISSION with details.permissions naming what the profile lacks (the
  // list call's Crm_Implied_View_<Module>, zoho/crm-oas v8.0 records getRecords 403).
  noModulePermission: (module: string) => new ZohoApiError(403, 'NO_PERMISSION', 'permission denied', { permissions: [`Crm_Implied_View_${module}`] }),
  invalidModule: () => new ZohoApiError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }),
  invalidRequestMethod: () => new ZohoApiError(400, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one'),
  requiredParamMissing: (param: string) => new ZohoApiError(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: param }),
  limitExceeded: (limit: number, param: string) => new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit, param_name: param }),
  invalidParam: (param: string, extra: Record<string, unknown> = {}) => new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: param, ...extra }),
  discretePaginationLimit: () => new ZohoApiError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'You can only get the first 2000 records without using page_token param', { limit: 2000 }),
  paginationLimit: () => new ZohoApiError(400, 'PAGINATION_LIMIT_EXCEEDED', 'You can only get upto 100000 records using page_token param', { param_name: 'page_token' }),
  expiredPageToken: () => new ZohoApiError(400, 'EXPIRED_VALUE', 'Page token expired', { api_name: 'page_token', json_path: '$.query.page_token' }),
  tokenBoundMismatch: () => new ZohoApiError(400, 'TOKEN_BOUND_DATA_MISMATCH', 'The page_token given seems to be invalid or input param is added or altered or deleted', { param_name: 'page_token' }),
  ambiguity: (params: string[]) => new ZohoApiError(400, 'AMBIGUITY_DURING_PROCESSING', `You cannot use both ${params.join(' and ')}`, { ambiguity_due_to: params }),
  invalidBody: () => new ZohoApiError(400, 'INVALID_DATA', 'the request body is not a valid JSON', { expected_data_type: 'jsonobject' }),
  dataMissing: () => new ZohoApiError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'data', json_path: '$.data' }),
  tooManyRecords: (limit: number) => new ZohoApiError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit, api_name: 'data', json_path: '$.data' }),
  tooManyRequests: (why: string) => new ZohoApiError(429, 'TOO_MANY_REQUESTS', why),
  internalError: () => new ZohoApiError(500, 'INTERNAL_ERROR', 'Internal Server Error'),
  resourceNotFound: (resource: string) => new ZohoApiError(404, 'RESOURCE_NOT_FOUND', 'The requested resource doesn\'t exist.', { resource }),
  ifModifiedSinceInvalid: () => new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { param_name: 'If-Modified-Since' }),
};

/** One per-record entry of a write answer ({code, details, message, status}). */
export interface RecordResult {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error';
  [extra: string]: unknown;
}

export function recordError(code: string, message: string, details: Record<string, unknown>): RecordResult {
  return { code, details, message, status: 'error' };
}

export const recordErrors = {
  invalidType: (apiName: string, path: string, expected: string) => recordError('INVALID_DATA', 'invalid data', { expected_data_type: expected, api_name: apiName, json_path: path }),
  tooLong: (apiName: string, path: string, max: number) => recordError('INVALID_DATA', 'invalid data', { maximum_length: max, api_name: apiName, json_path: path }),
  notInPicklist: (apiName: string, path: string, values: readonly string[]) => recordError('INVALID_DATA', 'invalid data', { supported_values: values, api_name: apiName, json_path: path }),
  invalidValue: (apiName: string, path: string) => recordError('INVALID_DATA', `The field value given for ${apiName} is invalid`, { api_name: apiName, json_path: path }),
  unknownField: (apiName: string, path: string) => recordError('INVALID_DATA', 'the field api name given seems to be invalid', { api_name: apiName, json_path: path }),
  readOnly: (apiName: string, path: string) => recordError('INVALID_DATA', 'the field is read-only and cannot be written', { api_name: apiName, json_path: path }),
  mandatory: (apiName: string, path: string, id?: string) => recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: apiName, json_path: path, ...(id ? { id } : {}) }),
  invalidId: (id: string, path: string) => recordError('INVALID_DATA', 'the id given seems to be invalid', { id, api_name: 'id', json_path: path }),
  // Record-level refusal under private sharing. Code and message: zoho/crm-oas v8.0/record.json lists
  // NO_PERMISSION and "no permission to perform an action on this record" among its error values;
  // which details Zoho sends is not documented, so they mirror invalidId's.
  noRecordPermission: (id: string, path: string) => recordError('NO_PERMISSION', 'no permission to perform an action on this record', { id, api_name: 'id', json_path: path }),
  // A record an approval process or a blueprint holds: code, message and details as in zoho/crm-oas
  // v8.0 record/operations/updateRecords/examples/response-400-recordlockederror.md.
  recordLocked: (path: string) => recordError('RECORD_LOCKED', 'Sorry, you cannot perform this operation as the record is locked.', { api_name: 'id', json_path: path, action: 'record_locking' }),
  notRecordObject: (path: string) => recordError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', api_name: 'data', json_path: path }),
};
