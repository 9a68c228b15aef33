// The shared stylesheet comes first, so that each component's own stylesheet, imported
// with the component, can refine it.
import './styles.css';
import { render } from 'preact';
import { App } from './app';
import { getRoute, navigate } from './route';

// make the state explicit in the URL so the first view is shareable too (an impossible
// date is replaced by today's, and the page says so)
if (getRoute().dateDefaulted || !/[?&]org=/.test(location.hash)) navigate({}, { replace: true });

render(<App />, document.getElementById('app')!);
