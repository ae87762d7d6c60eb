import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './App';
import { loadConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

/** Loads /config.json, then renders the console. */
loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <ConsoleApp config={config} />
      </StrictMode>,
    ),
  (error: unknown) => {
    const main = document.createElement('main');
    main.setAttribute('role', 'alert');
    main.style.padding = '32px';
    const heading = document.createElement('h1');
    heading.textContent = '连心桥工作台暂不可用';
    const detail = document.createElement('p');
    detail.textContent = `无法读取配置，请稍后刷新重试。（${error instanceof Error ? error.message : String(error)}）`;
    main.append(heading, detail);
    document.getElementById('root')!.replaceWith(main);
  },
);
