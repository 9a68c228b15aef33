import { render } from 'preact';
import { App } from './app';
import { getRoute, navigate } from './route';
import './styles.css';

// make the state explicit in the URL so the first view is shareable too
if (getRoute().dateDefaulted || !/[?&]org=/.test(location.hash)) navigate({}, { replace: true });

render(<App />, document.getElementById('app')!);
