// bench-only: bundle scenarios/*.ts the way the archived k6-template-typescript did — webpack 5 with
// babel-loader (@babel/preset-env + @babel/preset-typescript), commonjs output, k6 modules external,
// minimize off (the template's setting). Prints the wall time of one webpack build in ms as JSON.
//   node bench/.webpack/build.cjs <outdir>
const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');

const root = path.resolve(__dirname, '../..');
const scenarios = path.join(root, 'scenarios');
// The same outputs as build/bundle.ts: one bundle per scenario, with './control.js' left to k6, and the control bundle.
const entry = {
  ...Object.fromEntries(fs.readdirSync(scenarios).filter((f) => f.endsWith('.ts')).map((f) => [path.basename(f, '.ts'), path.join(scenarios, f)])),
  control: path.join(root, 'lib/control.ts'),
};
const outdir = path.resolve(process.argv[2] || path.join(root, 'bench/.out/webpack'));

const config = {
  mode: 'production',
  context: root,
  entry,
  output: { path: outdir, libraryTarget: 'commonjs', filename: '[name].js' },
  resolve: { extensions: ['.ts', '.js'], modules: [path.join(root, 'node_modules'), path.join(__dirname, 'node_modules')] },
  resolveLoader: { modules: [path.join(__dirname, 'node_modules')] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: 'babel-loader',
          options: {
            babelrc: false,
            configFile: false,
            cacheDirectory: false,
            presets: [require.resolve('@babel/preset-env'), require.resolve('@babel/preset-typescript')],
          },
        },
      },
    ],
  },
  target: 'web',
  externals: [/^(k6|https?:\/\/)(\/.*)?/, { './control.js': 'commonjs ./control.js' }],
  devtool: false,
  cache: false,
  optimization: { minimize: false },
  performance: { hints: false },
  stats: 'errors-only',
};

const t0 = process.hrtime.bigint();
webpack(config, (err, stats) => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (err || stats.hasErrors()) {
    console.error(err || stats.toString('errors-only'));
    process.exit(1);
  }
  console.log(JSON.stringify({ ms, files: Object.keys(entry).length }));
});
