//! Answers that come back out of order. A page that reads again whenever its inputs change (a
//! filter, the words searched for, a range, a new event) may have several reads in flight; the
//! network can answer them in any order. [`Latest`] numbers the reads so that only the answer to
//! the newest one is shown: an older answer arriving last would otherwise put back what the page
//! showed before (the whole inbox over the conversations found, last month's figures over
//! this week's).

use leptos::prelude::*;

/// The number of the newest read a page started.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u32>);

/// One read's number, to show its answer only while [`Latest::holds`] it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Ticket(u32);

impl Latest {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// A read that replaces every read before it.
    pub fn start(&self) -> Ticket {
        self.0.update_value(|n| *n = n.wrapping_add(1));
        Ticket(self.0.get_value())
    }

    /// A read that continues the newest one (its next page): it lapses with it.
    pub fn current(&self) -> Ticket {
        Ticket(self.0.get_value())
    }

    /// Whether `ticket`'s answer is still the one to show.
    pub fn holds(&self, ticket: Ticket) -> bool {
        self.0.try_get_value() == Some(ticket.0)
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}
