//! The terminal front end: the slash-command table, the line editor, scripted input, and the loop that ties
//! them to the engine.
pub mod commands;
pub mod conversation;
pub mod script;
pub mod terminal;
