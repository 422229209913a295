mod build;
mod cli;
mod diagnostics;
mod output;
mod regressions;
mod support;
mod themes;
