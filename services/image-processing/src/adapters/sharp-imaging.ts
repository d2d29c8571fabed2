import { deepZoom, inspect, placeholder, renderRenditions } from '@copper/imaging';
import type { Imaging } from '../domain/ports.ts';

/** sharp, through @copper/imaging; the pipeline sees only this port. */
export const sharpImaging: Imaging = {
  inspect: (path, limits) => inspect(path, limits),
  render: (path, options) => renderRenditions(path, options),
  deepZoom: (path, options) => deepZoom(path, options),
  placeholder: (path, limits) => placeholder(path, limits),
};
