// Mantine's PostCSS preset: its mixins and rem() helpers in our CSS modules.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
