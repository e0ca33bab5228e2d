//! The operators' working day outside the inbox: who can answer now (presence, staffing), the
//! emails (mail out and in, alerts, the owners' daily digest).

pub mod alerts;
pub mod digest;
pub mod mail;
pub mod presence;
pub mod staffing;
