import type { AttributeDefinition } from './attributes';
import { open311Services, type Open311Service } from './catalogue';
import { listOf, type Open311Document, type Open311Form } from './format';
import type { Open311Attribute, Open311ServiceDefinition, Open311ServiceItem, Open311ServiceList } from './schemas';

/** GET Service List: `<services><service>…`, every service realtime (the order exists at once). */
export function serviceListDocument(): Open311Document {
  const body: Open311Form<Open311ServiceList> = listOf(
    'service',
    open311Services.map(
      (service): Open311ServiceItem => ({
        service_code: service.code,
        service_name: service.category,
        description: service.description,
        metadata: service.attributes.length > 0,
        type: 'realtime',
        keywords: service.keywords.join(', '),
        group: service.group,
      }),
    ),
  );
  return { root: 'services', body };
}

function attributeRecord(attribute: AttributeDefinition): Open311Form<Open311Attribute> {
  return {
    variable: attribute.variable,
    code: attribute.code,
    datatype: attribute.datatype,
    required: attribute.required,
    datatype_description: attribute.datatypeDescription,
    order: attribute.order,
    description: attribute.description,
    values: listOf(
      'value',
      attribute.values.map((value) => ({ key: value.key, name: value.name })),
    ),
  };
}

/** GET Service Definition: `<service_definition>` with the service's attributes. */
export function serviceDefinitionDocument(service: Open311Service): Open311Document {
  const body: Open311Form<Open311ServiceDefinition> = { service_code: service.code, attributes: listOf('attribute', service.attributes.map(attributeRecord)) };
  return { root: 'service_definition', body };
}
