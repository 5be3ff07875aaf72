//! `interviewer`: a terminal mock interviewer for senior Python developer interviews.
//!
//! The modules mirror the architecture (see docs/ARCHITECTURE.md): the question [`bank`], the session
//! [`engine`], the [`scoring`] contract and scorers, their [`eval`]uation against human grades, the terminal
//! [`repl`], [`report`]s, the transcript [`store`] and [`config`].
pub mod bank;
pub mod config;
pub mod engine;
pub mod eval;
pub mod llm;
pub mod repl;
pub mod report;
pub mod scoring;
pub mod screen;
pub mod store;
