/** The portal's own logo, used when MUNICIPALITY_LOGO_SVG names none: a plain shield, no municipality's arms. */
export const DEFAULT_LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48" width="40" height="48">
<path d="M20 1 L38 7 V24 C38 35 30 43 20 47 C10 43 2 35 2 24 V7 Z" fill="#233614"/>
<path d="M20 5 L34 10 V24 C34 33 28 39.5 20 43 C12 39.5 6 33 6 24 V10 Z" fill="#44831e"/>
<circle cx="20" cy="20" r="8" fill="#ffffff"/>
<rect x="18.5" y="24" width="3" height="12" fill="#ffffff"/>
</svg>
`;
