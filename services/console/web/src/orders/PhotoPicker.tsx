import { Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useText } from '../i18n';
import { actionText } from './text';

export const maxPhotos = 9;
const maxBytes = 10 * 1024 * 1024;

/** Photos for a diary entry or as evidence: picked or taken on the phone, uploaded when the form is sent (a form control). */
export function PhotoPicker({ id, value, onChange }: { id?: string; value?: UploadFile[]; onChange?: (files: UploadFile[]) => void }) {
  const t = useText(actionText);
  const files = value ?? [];
  return (
    <div id={id}>
      <Upload
        accept="image/jpeg,image/png,image/webp"
        listType="picture-card"
        multiple
        maxCount={maxPhotos}
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange?.(fileList.filter((f) => !f.originFileObj || f.originFileObj.size <= maxBytes).map((f) => ({ ...f, status: 'done' as const })))}
        showUploadList={{ showPreviewIcon: false }}
      >
        {files.length < maxPhotos && (
          // The upload trigger is already a button (antd): its content stays plain.
          <div>
            <CameraOutlined aria-hidden />
            <div style={{ marginTop: 4 }}>{t.addPhoto}</div>
          </div>
        )}
      </Upload>
    </div>
  );
}

/** The files picked (what is uploaded). */
export function pickedFiles(files: UploadFile[] | undefined): File[] {
  return (files ?? []).map((f) => f.originFileObj).filter((f): f is NonNullable<UploadFile['originFileObj']> => !!f);
}
