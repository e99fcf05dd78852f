export default { root: "src", title: "t", globalStylesheets: [] };
