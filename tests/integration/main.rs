//! End-to-end tests of the `interviewer` binary, built as one test binary.
mod bank;
mod chromium;
mod practice;
mod pty;
mod quality;
mod report;
mod score;
mod screen;
mod store;
mod util;
