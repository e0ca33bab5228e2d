//! Pieces every page uses: the shell around them, form fields that show the service's reasons,
//! a confirmation dialog, a guard for unsaved edits, a copy button, charts, and status messages.

pub mod chart;
pub mod copy;
pub mod dialog;
pub mod fields;
pub mod leave;
pub mod shell;
pub mod status;
