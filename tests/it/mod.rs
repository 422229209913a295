mod build;
mod cli;
mod diagnostics;
mod fuzz;
mod output;
mod regressions;
mod support;
mod themes;
