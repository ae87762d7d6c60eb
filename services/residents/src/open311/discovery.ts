import { servicesChangeset } from './catalogue';
import type { Open311Config } from './config';
import { listOf, open311ContentTypes, type Open311Document, type Open311Form } from './format';
import type { Open311Discovery } from './schemas';

export const georeportV2Specification = 'http://wiki.open311.org/GeoReport_v2';

/**
 * Service Discovery (wiki.open311.org/Service_Discovery): this one GeoReport v2 endpoint, at the
 * address the client reached (`baseUrl`, from the request), in both formats, and how to get a key.
 */
export function discoveryDocument(config: Open311Config, baseUrl: string): Open311Document {
  const body: Open311Form<Open311Discovery> = {
    changeset: servicesChangeset,
    contact: config.contact,
    key_service: `API 密钥按接入系统签发：由系统管理员调用 POST ${baseUrl.replace(/\/open311\/v2$/, '')}/api/v1/open311/clients 签发（只显示一次），可随时吊销；提交工单（POST requests）须带 api_key，查询无需密钥。`,
    endpoints: listOf('endpoint', [
      {
        specification: georeportV2Specification,
        url: baseUrl,
        changeset: servicesChangeset,
        type: config.endpointType,
        formats: listOf('format', [open311ContentTypes.xml.split(';')[0]!, open311ContentTypes.json.split(';')[0]!]),
      },
    ]),
  };
  return { root: 'discovery', body };
}
