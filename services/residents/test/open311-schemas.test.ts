import { open311Services } from '../src/open311/catalogue';
import { open311Config } from '../src/open311/config';
import { discoveryDocument } from '../src/open311/discovery';
import { renderOpen311, type Open311Document } from '../src/open311/format';
import { requestTokenDocument, submittedRequestDocument } from '../src/open311/requests';
import { Open311Discovery, Open311RequestTokens, Open311ServiceDefinition, Open311ServiceList, Open311SubmittedRequests } from '../src/open311/schemas';
import { serviceDefinitionDocument, serviceListDocument } from '../src/open311/service-documents';

/** The JSON a document is answered with. */
const jsonOf = (document: Open311Document): unknown => JSON.parse(renderOpen311(document, 'json'));

describe('the Open311 answers and the schemas the API document shows', () => {
  it('match: the service list, every service definition, discovery, a submission and a token', () => {
    expect(Open311ServiceList.parse(jsonOf(serviceListDocument()))).toHaveLength(open311Services.length);
    for (const service of open311Services) Open311ServiceDefinition.parse(jsonOf(serviceDefinitionDocument(service)));
    Open311Discovery.parse(jsonOf(discoveryDocument(open311Config({}), 'http://127.0.0.1:8080/open311/v2')));
    Open311SubmittedRequests.parse(jsonOf(submittedRequestDocument({ service_request_id: 'LX20261126-7K3QX9MD', service_notice: '已受理', account_id: null })));
    Open311RequestTokens.parse(jsonOf(requestTokenDocument({ service_request_id: 'LX20261126-7K3QX9MD', token: 'LX20261126-7K3QX9MD' })));
  });
});
