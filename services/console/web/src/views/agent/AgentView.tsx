import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, Col, Flex, Form, Input, List, Radio, Result, Row, Select, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ProblemError } from '../../api/problem';
import { allPages, useApi } from '../../api/services';
import type { Channel, Grid, IntakeOrderInput, IntakeReceipt, Open311Request, Open311Service, OrderKind, Organisation, Urgency } from '../../api/types';
import { holdsAny } from '../../auth/principal';
import { useSession } from '../../auth/session';
import { useLanguage, useText } from '../../i18n';
import { OrderActions } from '../../orders/OrderActions';
import { channelLabels, keyPopulations, kindLabels, urgencyLabels } from '../../shared/labels';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useAction } from '../../shared/useAction';
import { likelyDuplicates, matchGrids, placeOf, type DuplicateCandidate } from './lookup';
import { ResidentHistory } from './ResidentHistory';

const text = {
  'zh-CN': {
    colon: '：',
    heading: '坐席受理',
    formTitle: '点单登记',
    channel: '来源渠道',
    kind: '工单类型',
    category: '分类',
    urgency: '紧急程度',
    title: '标题',
    titlePlaceholder: '一句话概括诉求，如：村口路灯损坏',
    description: '诉求描述',
    name: '群众姓名',
    phone: '手机号',
    phoneInvalid: '请输入11位大陆手机号',
    keyPopulations: '重点人群',
    address: '地址',
    addressPlaceholder: '如：冶山镇东王村东王组12号',
    grid: '所属网格',
    gridPlaceholder: '按名称搜索网格',
    matchAddress: '按地址匹配网格',
    matches: '地址匹配的网格：',
    noMatch: '地址中没有找到已知的村组名称，请从名册中选择网格',
    submit: '提交点单',
    reset: '清空',
    required: '请填写此项',
    duplicates: '可能重复的工单',
    duplicatesHint: '同分类、同网格或同地址的未办结工单（公开信息，不含群众个人信息）',
    noDuplicates: '没有发现可能重复的工单',
    sameGrid: '同网格',
    session: '本次登录已受理',
    sessionEmpty: '还没有受理工单',
    receiptTitle: '点单成功',
    orderNumber: '工单编号',
    trackingCode: '查询码',
    trackingHint: '请将工单编号和查询码告知群众，凭此查询进度、撤单和评价。',
    open: '打开工单',
    next: '受理下一件',
    mergeInto: (id: string) => `合并到 ${id}`,
    catalogueFailed: '无法读取工单分类',
  },
  en: {
    colon: ': ',
    heading: 'Intake',
    formTitle: 'New order',
    channel: 'Channel',
    kind: 'Kind',
    category: 'Category',
    urgency: 'Urgency',
    title: 'Title',
    titlePlaceholder: 'In one line, e.g. Street lamp broken at the village gate',
    description: 'Description',
    name: "Resident's name",
    phone: 'Mobile number',
    phoneInvalid: 'Enter an 11-digit mainland mobile number',
    keyPopulations: 'Key populations',
    address: 'Address',
    addressPlaceholder: 'e.g. No. 12, Dongwang group, Dongwang village, Yeshan',
    grid: 'Grid',
    gridPlaceholder: 'Search grids by name',
    matchAddress: 'Find grid from address',
    matches: 'Grids matching the address:',
    noMatch: 'No known village or group name in the address: choose a grid from the register',
    submit: 'Place order',
    reset: 'Clear',
    required: 'Please fill this in',
    duplicates: 'Possible duplicates',
    duplicatesHint: 'Open orders of the same category in the same grid or at the same address (public data, nothing personal)',
    noDuplicates: 'No likely duplicates',
    sameGrid: 'Same grid',
    session: 'Placed in this session',
    sessionEmpty: 'No orders yet',
    receiptTitle: 'Order placed',
    orderNumber: 'Order number',
    trackingCode: 'Tracking code',
    trackingHint: 'Tell the resident the order number and tracking code: they follow, cancel and rate the order with them.',
    open: 'Open order',
    next: 'Next caller',
    mergeInto: (id: string) => `Merge into ${id}`,
    catalogueFailed: 'Cannot read the categories',
  },
};

interface IntakeValues {
  channel: Channel;
  kind: OrderKind;
  category: string;
  urgency: Urgency;
  title: string;
  description: string;
  name: string;
  phone?: string;
  keyPopulations?: string[];
  address?: string;
  gridId?: string;
}

const kinds: readonly OrderKind[] = ['concern', 'wish', 'assistance', 'suggestion'];
const urgencies: readonly Urgency[] = ['emergency', 'utility', 'general', 'complex'];
const channels: readonly Channel[] = ['hotline', 'grid_visit', 'cadre_visit', 'wish_card', 'web'];

interface Catalogue {
  services: Open311Service[];
  categories: Record<OrderKind, string[]>;
}

function catalogueOf(services: Open311Service[]): Catalogue {
  const categories: Record<OrderKind, string[]> = { wish: [], concern: [], assistance: [], suggestion: [] };
  for (const service of services) {
    const kind = service.service_code.split('.')[0] as OrderKind;
    if (kind in categories) categories[kind].push(service.service_name);
  }
  return { services, categories };
}

/** The register (grids and organisations) for grid lookup. */
function useRegister() {
  const api = useApi();
  const [register, setRegister] = useState<{ grids: Grid[]; organisations: Map<string, Organisation> } | undefined>();
  useEffect(() => {
    Promise.all([allPages<Grid>((page) => api.cadres.grids(page)), allPages<Organisation>((page) => api.cadres.organisations(page))]).then(
      ([grids, organisations]) => setRegister({ grids, organisations: new Map(organisations.map((o) => [o._id, o])) }),
      () => setRegister({ grids: [], organisations: new Map() }),
    );
  }, [api]);
  return register;
}

/**
 * 坐席受理: the intake form for a caller (or a grid worker's visit) with grid lookup from the
 * address or the register, likely duplicates (open orders of the same category nearby, from the
 * Open311 public read), the caller's earlier orders by their phone number (历史工单, audited), and
 * after intake the order number and tracking code to tell the caller,
 * with 受理 / 不予受理 / 合并 at hand.
 */
export default function AgentView() {
  const api = useApi();
  const { principal } = useSession();
  const t = useText(text);
  const { language } = useLanguage();
  const [form] = Form.useForm<IntakeValues>();
  const register = useRegister();
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>();
  const [catalogueProblem, setCatalogueProblem] = useState<ProblemError | undefined>();
  const [receipt, setReceipt] = useState<{ receipt: IntakeReceipt; duplicates: DuplicateCandidate[] } | undefined>();
  const [placed, setPlaced] = useState<Array<{ receipt: IntakeReceipt; title: string }>>([]);
  const [gridMatches, setGridMatches] = useState<ReturnType<typeof matchGrids> | undefined>();
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[]>([]);
  const [requests, setRequests] = useState<{ code: string; items: Open311Request[] } | undefined>();

  const kind = Form.useWatch('kind', form);
  const category = Form.useWatch('category', form);
  const gridId = Form.useWatch('gridId', form);
  const address = Form.useWatch('address', form);
  const title = Form.useWatch('title', form);
  const description = Form.useWatch('description', form);
  const phone = Form.useWatch('phone', form);

  useEffect(() => {
    api.residents.open311Services().then(
      (services) => setCatalogue(catalogueOf(services)),
      (error: unknown) => setCatalogueProblem(error instanceof ProblemError ? error : new ProblemError(0, { title: t.catalogueFailed })),
    );
  }, [api, t.catalogueFailed]);

  const serviceCode = useMemo(
    () => catalogue?.services.find((s) => s.service_code.startsWith(`${kind}.`) && s.service_name === category)?.service_code,
    [catalogue, kind, category],
  );

  // Open requests of the category (refetched when the category changes), then matched locally as the form is typed.
  useEffect(() => {
    if (!serviceCode) return undefined;
    let live = true;
    api.residents.open311Requests({ service_code: serviceCode, status: 'open' }).then(
      (items) => live && setRequests({ code: serviceCode, items }),
      () => live && setRequests({ code: serviceCode, items: [] }),
    );
    return () => {
      live = false;
    };
  }, [api, serviceCode]);

  useEffect(() => {
    if (!requests || requests.code !== serviceCode) {
      setDuplicates([]);
      return;
    }
    setDuplicates(likelyDuplicates(requests.items, { gridId, address, title, description }));
  }, [requests, serviceCode, gridId, address, title, description]);

  const gridOptions = useMemo(
    () =>
      (register?.grids ?? []).map((g) => {
        const village = register?.organisations.get(g.organisationId);
        return { value: g._id, label: village ? `${g.name}（${placeOf(village)}）` : g.name };
      }),
    [register],
  );

  const lookUpGrid = () => {
    if (!register) return;
    const matches = matchGrids(form.getFieldValue('address') ?? '', register.grids, register.organisations);
    setGridMatches(matches);
    if (matches.length > 0 && !form.getFieldValue('gridId')) form.setFieldValue('gridId', matches[0]!.grid._id);
  };

  const intake = useAction((key: string, body: IntakeOrderInput) => api.residents.openOrder(body, { idempotencyKey: key }));

  const submit = async (values: IntakeValues) => {
    const grid = register?.grids.find((g) => g._id === values.gridId);
    const body: IntakeOrderInput = {
      kind: values.kind,
      category: values.category,
      urgency: values.urgency,
      title: values.title.trim(),
      description: values.description.trim(),
      channel: values.channel,
      resident: {
        name: values.name.trim(),
        ...(values.phone ? { phone: values.phone.trim() } : {}),
        keyPopulations: values.keyPopulations ?? [],
      },
      location: {
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(grid ? { gridId: grid._id, organisationId: grid.organisationId } : {}),
      },
    };
    const answer = await intake.run(body);
    if (answer) {
      // The duplicates seen when the order was placed: offered for 合并 on the receipt.
      setReceipt({ receipt: answer, duplicates });
      setPlaced((current) => [{ receipt: answer, title: body.title }, ...current].slice(0, 20));
    }
  };

  const nextCaller = () => {
    setReceipt(undefined);
    setGridMatches(undefined);
    form.resetFields();
    intake.clear();
  };

  const mayHandle = holdsAny(principal, ['agent', 'dispatcher']);
  // The roles the residents service lets search by phone (routeAccess.searchOrdersByPhone); grid workers are not among them.
  const maySearchHistory = holdsAny(principal, ['agent', 'dispatcher', 'supervisor']);
  const defaultChannel: Channel = principal.roles.includes('agent') ? 'hotline' : 'grid_visit';

  const sidebar = (
    <Flex vertical gap={16}>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.duplicates}</h2>} size="small" data-testid="duplicates">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t.duplicatesHint}
        </Typography.Paragraph>
        {duplicates.length === 0 ? (
          <Typography.Text>{t.noDuplicates}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={duplicates}
            rowKey={(d) => d.request.service_request_id}
            renderItem={(d) => (
              <List.Item data-testid="duplicate">
                <Flex vertical gap={2}>
                  <Link to={`/orders/${encodeURIComponent(d.request.service_request_id)}`}>{d.request.description ?? d.request.service_request_id}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.request.service_request_id} · {d.request.status_notes ?? ''} {d.request.address ? `· ${d.request.address}` : ''}
                  </Typography.Text>
                  {d.sameGrid && <Tag>{t.sameGrid}</Tag>}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
      <ResidentHistory phone={phone} allowed={maySearchHistory} />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.session}</h2>} size="small">
        {placed.length === 0 ? (
          <Typography.Text type="secondary">{t.sessionEmpty}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={placed}
            rowKey={(p) => p.receipt.id}
            renderItem={(p) => (
              <List.Item>
                <Link to={`/orders/${encodeURIComponent(p.receipt.id)}`}>{p.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.receipt.id}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );

  return (
    <section aria-labelledby="agent-heading" data-testid="agent-view">
      <Typography.Title level={1} id="agent-heading" className="view-heading" style={{ fontSize: 22 }}>
        {t.heading}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          {receipt ? (
            <Receipt receipt={receipt.receipt} duplicates={receipt.duplicates} mayHandle={mayHandle} onNext={nextCaller} />
          ) : (
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.formTitle}</h2>}>
              <ProblemAlert problem={catalogueProblem} />
              <Form<IntakeValues>
                form={form}
                layout="vertical"
                name="intake"
                initialValues={{ channel: defaultChannel, kind: 'concern', urgency: 'general', keyPopulations: [] }}
                onFinish={(values) => void submit(values)}
                onValuesChange={(changed: Partial<IntakeValues>) => {
                  if ('kind' in changed) form.setFieldValue('category', undefined);
                }}
              >
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name="channel" label={t.channel} rules={[{ required: true, message: t.required }]}>
                      <Select options={channels.map((c) => ({ value: c, label: channelLabels[language][c] }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="urgency" label={t.urgency} rules={[{ required: true, message: t.required }]}>
                      <Select options={urgencies.map((u) => ({ value: u, label: urgencyLabels[language][u] }))} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="kind" label={t.kind} rules={[{ required: true, message: t.required }]}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={kinds.map((k) => ({ value: k, label: kindLabels[language][k] }))} />
                </Form.Item>
                <Form.Item name="category" label={t.category} rules={[{ required: true, message: t.required }]}>
                  <Select
                    loading={!catalogue}
                    options={(catalogue?.categories[kind ?? 'concern'] ?? []).map((c) => ({ value: c, label: c }))}
                    data-testid="category"
                  />
                </Form.Item>
                <Form.Item name="title" label={t.title} rules={[{ required: true, whitespace: true, message: t.required }]}>
                  <Input maxLength={100} placeholder={t.titlePlaceholder} />
                </Form.Item>
                <Form.Item name="description" label={t.description} rules={[{ required: true, whitespace: true, message: t.required }]}>
                  <Input.TextArea rows={4} maxLength={2000} showCount />
                </Form.Item>
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }]}>
                      <Input maxLength={30} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="phone" label={t.phone} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t.phoneInvalid }]}>
                      <Input inputMode="tel" maxLength={11} autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
                {/* Checkboxes, not a multiple select: a handful of fixed choices an agent ticks while listening, and a named group for screen readers. */}
                <Form.Item name="keyPopulations" label={t.keyPopulations}>
                  <Checkbox.Group role="group" aria-label={t.keyPopulations} options={keyPopulations.map((k) => ({ value: k, label: k }))} />
                </Form.Item>
                <Form.Item label={t.address} required={false}>
                  <Flex gap={8} wrap>
                    <Form.Item name="address" noStyle>
                      <Input maxLength={200} placeholder={t.addressPlaceholder} aria-label={t.address} style={{ flex: '1 1 240px' }} onPressEnter={(e) => { e.preventDefault(); lookUpGrid(); }} />
                    </Form.Item>
                    <Button onClick={lookUpGrid} disabled={!register} data-testid="match-grid">
                      {t.matchAddress}
                    </Button>
                  </Flex>
                  {gridMatches && (
                    <div role="status" style={{ marginTop: 8 }}>
                      {gridMatches.length === 0 ? (
                        <Typography.Text type="secondary">{t.noMatch}</Typography.Text>
                      ) : (
                        <Flex gap={4} wrap align="center">
                          <Typography.Text type="secondary">{t.matches}</Typography.Text>
                          {gridMatches.map((m) => (
                            <Button key={m.grid._id} size="small" type={gridId === m.grid._id ? 'primary' : 'default'} onClick={() => form.setFieldValue('gridId', m.grid._id)}>
                              {m.label}
                            </Button>
                          ))}
                        </Flex>
                      )}
                    </div>
                  )}
                </Form.Item>
                <Form.Item name="gridId" label={t.grid}>
                  <Select showSearch allowClear optionFilterProp="label" placeholder={t.gridPlaceholder} loading={!register} options={gridOptions} data-testid="grid" />
                </Form.Item>
                <ProblemAlert problem={intake.problem} />
                <Flex gap={8} justify="end" wrap>
                  <Button onClick={nextCaller}>{t.reset}</Button>
                  <Button type="primary" htmlType="submit" loading={intake.pending} data-testid="submit-intake">
                    {t.submit}
                  </Button>
                </Flex>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={9}>
          {sidebar}
        </Col>
      </Row>
    </section>
  );
}

/** The answer to 点单: the order number and tracking code to tell the caller, 受理/不予受理, and 合并 into a likely duplicate. */
function Receipt({ receipt, duplicates, mayHandle, onNext }: { receipt: IntakeReceipt; duplicates: DuplicateCandidate[]; mayHandle: boolean; onNext(): void }) {
  const t = useText(text);
  return (
    <Card data-testid="intake-receipt">
      <Result
        status="success"
        title={<h2 style={{ fontSize: 20, margin: 0 }}>{t.receiptTitle}</h2>}
        subTitle={t.trackingHint}
        extra={
          <Flex vertical gap={16} align="center">
            <Flex vertical gap={4}>
              <Typography.Text>
                {t.orderNumber}{t.colon}
                <Typography.Text strong copyable data-testid="receipt-order-id">
                  {receipt.id}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text>
                {t.trackingCode}{t.colon}
                <Typography.Text strong copyable style={{ fontSize: 20, letterSpacing: 2 }} data-testid="receipt-tracking-code">
                  {receipt.trackingCode}
                </Typography.Text>
              </Typography.Text>
            </Flex>
            {mayHandle && <OrderActions order={{ id: receipt.id, status: 'received' }} among={['accept', 'reject']} />}
            {mayHandle &&
              duplicates.map((d) => (
                <MergeButton key={d.request.service_request_id} orderId={receipt.id} intoOrderId={d.request.service_request_id} label={t.mergeInto(d.request.service_request_id)} />
              ))}
            <Flex gap={8} wrap justify="center" align="center">
              <Link to={`/orders/${encodeURIComponent(receipt.id)}`}>{t.open}</Link>
              <Button type="primary" onClick={onNext}>
                {t.next}
              </Button>
            </Flex>
          </Flex>
        }
      />
    </Card>
  );
}

/** 合并: the new order into a likely duplicate (a refusal shows below the button). */
function MergeButton({ orderId, intoOrderId, label }: { orderId: string; intoOrderId: string; label: string }) {
  const api = useApi();
  const [done, setDone] = useState(false);
  const merge = useAction((key: string) => api.command(orderId, { type: 'merge', intoOrderId }, { idempotencyKey: key }));
  if (done) return <Tag>{label} ✓</Tag>;
  return (
    <div>
      <Button loading={merge.pending} onClick={async () => setDone(!!(await merge.run()))}>
        {label}
      </Button>
      <ProblemAlert problem={merge.problem} />
    </div>
  );
}
