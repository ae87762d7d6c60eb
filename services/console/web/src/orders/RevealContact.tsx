import { useState } from 'react';
import { Button, Descriptions } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useApi } from '../api/services';
import type { RevealedContact } from '../api/types';
import { useText } from '../i18n';
import { ProblemAlert } from '../shared/ProblemAlert';
import { useAction } from '../shared/useAction';
import { actionText } from './text';

const text = {
  'zh-CN': { name: '姓名', phone: '电话', address: '地址' },
  en: { name: 'Name', phone: 'Phone', address: 'Address' },
};

/** 查看完整号码: the resident's full contact for the handler (audited by the residents service before it is shown). */
export function RevealContact({ orderId }: { orderId: string }) {
  const api = useApi();
  const t = { ...useText(actionText), ...useText(text) };
  const [contact, setContact] = useState<RevealedContact | undefined>();
  const reveal = useAction((key: string) => api.residents.revealContact(orderId, { idempotencyKey: key }));
  if (contact) {
    return (
      <Descriptions
        size="small"
        column={1}
        bordered
        title={t.revealed}
        items={[
          { key: 'name', label: t.name, children: contact.resident.name },
          ...(contact.resident.phone
            ? [
                {
                  key: 'phone',
                  label: t.phone,
                  children: (
                    <a href={`tel:${contact.resident.phone}`} data-testid="resident-phone">
                      <PhoneOutlined aria-hidden /> {contact.resident.phone}
                    </a>
                  ),
                },
              ]
            : []),
          ...(contact.address ? [{ key: 'address', label: t.address, children: contact.address }] : []),
        ]}
      />
    );
  }
  return (
    <div>
      <Button icon={<PhoneOutlined />} loading={reveal.pending} onClick={async () => setContact(await reveal.run())}>
        {t.reveal}
      </Button>
      <ProblemAlert problem={reveal.problem} />
    </div>
  );
}
