// The print page's only script: the page is server-rendered without the framework (`csr = false`), and
// this small module adds the two things that need JavaScript. The Zoom button appears and, when
// pressed, fetches OpenSeadragon (its own chunk, ≈ 87 KB gzip) to open the plate's Deep Zoom tiles in
// the modal <dialog> the server rendered. The inquiry form, a plain POST to its form action, is sent
// without a reload: the answer section the server renders for that POST replaces this one.
import type { Point, Viewer } from 'openseadragon';

interface Tiles {
  url: string;
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  format: string;
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function setUpZoom(root: HTMLElement) {
  const tiles = JSON.parse(root.dataset.tiles ?? 'null') as Tiles | null;
  const button = root.querySelector<HTMLButtonElement>('.zoom-open');
  const dialog = root.querySelector<HTMLDialogElement>('dialog');
  const stage = root.querySelector<HTMLElement>('[data-testid="zoom-stage"]');
  const loading = root.querySelector<HTMLElement>('[data-zoom-loading]');
  const failed = root.querySelector<HTMLElement>('[data-zoom-failed]');
  if (tiles && button && dialog && stage && loading && failed) wireZoom(tiles, button, dialog, stage, loading, failed);
}

function wireZoom(
  tiles: Tiles,
  button: HTMLButtonElement,
  dialog: HTMLDialogElement,
  stage: HTMLElement,
  loading: HTMLElement,
  failed: HTMLElement,
) {
  let viewer: Viewer | undefined;
  let makePoint: ((x: number, y: number) => Point) | undefined;

  const fail = () => {
    loading.hidden = true;
    failed.hidden = false;
  };

  async function open() {
    dialog.showModal();
    if (viewer) return;
    loading.hidden = false;
    failed.hidden = true;
    try {
      const { default: OpenSeadragon } = await import('openseadragon');
      makePoint = (x, y) => new OpenSeadragon.Point(x, y);
      viewer = OpenSeadragon({
        element: stage,
        tileSources: {
          Image: {
            xmlns: 'http://schemas.microsoft.com/deepzoom/2008',
            Url: tiles.url.replace(/\.dzi$/, '_files/'),
            Format: tiles.format,
            Overlap: String(tiles.overlap),
            TileSize: String(tiles.tileSize),
            Size: { Width: String(tiles.width), Height: String(tiles.height) },
          },
        },
        // Tiles come from the media host without CORS headers: WebGL cannot use them, a 2D canvas can.
        drawer: 'canvas',
        navigatorDrawer: 'canvas',
        showNavigationControl: false,
        showNavigator: true,
        navigatorPosition: 'BOTTOM_RIGHT',
        animationTime: reducedMotion() ? 0 : 0.6,
        springStiffness: reducedMotion() ? 100 : 6.5,
        gestureSettingsTouch: { pinchRotate: false, flickEnabled: !reducedMotion() },
        maxZoomPixelRatio: 2,
        visibilityRatio: 0.8,
      });
      const opened = () => {
        loading.hidden = true;
        stage.dataset.state = 'open';
      };
      // An inline tile source may open before a handler could be added.
      if (viewer.world.getItemCount() > 0) opened();
      else viewer.addOnceHandler('open', opened);
      // The current zoom on the element, for tests and for anyone inspecting the page.
      viewer.addHandler('zoom', (event) => {
        stage.dataset.zoom = event.zoom.toFixed(3);
      });
      viewer.addOnceHandler('open-failed', fail);
    } catch {
      fail();
    }
  }

  const zoom = (factor: number) => {
    viewer?.viewport.zoomBy(factor);
    viewer?.viewport.applyConstraints();
  };
  const home = () => viewer?.viewport.goHome();
  const fullscreen = async () => {
    const box = dialog.querySelector<HTMLElement>('.viewer');
    if (!box) return;
    if (document.fullscreenElement) await document.exitFullscreen();
    else await box.requestFullscreen?.().catch(() => {});
  };
  const actions: Record<string, () => unknown> = {
    'zoom-in': () => zoom(1.5),
    'zoom-out': () => zoom(1 / 1.5),
    home,
    fullscreen,
    close: () => dialog.close(),
  };

  button.addEventListener('click', open);
  dialog.addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action) actions[action]?.();
  });
  // Keys that work wherever focus is in the dialog: + and − zoom, 0 returns to the whole plate, arrows pan.
  dialog.addEventListener('keydown', (event) => {
    if (!viewer || event.altKey || event.ctrlKey || event.metaKey) return;
    const pan = 0.1 / viewer.viewport.getZoom();
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-pan, 0],
      ArrowRight: [pan, 0],
      ArrowUp: [0, -pan],
      ArrowDown: [0, pan],
    };
    const onButton = (event.target as HTMLElement).tagName === 'BUTTON';
    const move = moves[event.key];
    if (event.key === '+' || event.key === '=') zoom(1.5);
    else if (event.key === '-' || event.key === '_') zoom(1 / 1.5);
    else if (event.key === '0') home();
    else if (move && makePoint && !onButton) viewer.viewport.panBy(makePoint(move[0], move[1]));
    else return;
    event.preventDefault();
    event.stopPropagation();
  });
  // Without JavaScript there is no viewer, so no button that would do nothing: it appears now.
  button.hidden = false;
}

function enhanceInquiry(section: HTMLElement) {
  const mark = () => section.querySelector('form')?.setAttribute('data-enhanced', '');
  let sending = false;
  section.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || sending) return;
    event.preventDefault();
    sending = true;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) {
      button.disabled = true;
      button.textContent = 'Sending…';
    }
    try {
      // Asked for HTML: without it SvelteKit answers an action's POST with JSON meant for its own client.
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { accept: 'text/html' },
      });
      const html = await response.text();
      const answer = new DOMParser().parseFromString(html, 'text/html').getElementById('inquiry');
      if (!answer) throw new Error('no answer section');
      section.replaceChildren(...answer.childNodes);
      mark();
      // The page stays put: focus the answer (the thanks, or what to fix) so it is read out and seen.
      const answerText = section.querySelector<HTMLElement>('.sent, [role="alert"]');
      answerText?.setAttribute('tabindex', '-1');
      answerText?.focus();
    } catch {
      // Whatever went wrong, the plain POST still works.
      form.submit();
    } finally {
      sending = false;
    }
  });
  mark();
}

const zoomRoot = document.querySelector<HTMLElement>('[data-tiles]');
if (zoomRoot) setUpZoom(zoomRoot);
const inquiry = document.getElementById('inquiry');
if (inquiry) enhanceInquiry(inquiry);
