// Observable Framework configuration: https://observablehq.com/framework/config
export default {
  root: "src",
  title: "MobileNet: inputs and outputs",
  pages: [
    {name: "1. The app you built", path: "/"},
    {name: "2. 1000 things it knows", path: "/classes"},
    {name: "3. Inputs: an image is numbers", path: "/inputs"},
    {name: "4. Outputs: logits", path: "/logits"},
    {name: "5. Cat or dog?", path: "/cat-or-dog"},
    {name: "6. Softmax", path: "/softmax"},
    {name: "7. What we learned", path: "/learned"}
  ],
  pager: true,
  toc: true,
  search: false,
  style: "style.css",
  // The default theme adds a Google Fonts stylesheet: a third-party request that fails offline and leaks the visit.
  globalStylesheets: [],
  // An inline icon: without one, browsers ask the server for /favicon.ico and log a 404.
  head: `<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231c7ed6'/%3E%3C/svg%3E">`,
  footer: "MobileNet weights © Google, Apache-2.0. Sample photos from google-coral/test_data, Apache-2.0."
};
