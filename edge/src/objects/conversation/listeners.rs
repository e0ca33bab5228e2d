//! Live listeners of running turns: each client streaming a turn holds a receiver; the turn
//! publishes every encoded frame to all of them. A client that went away is dropped on the
//! next publish; the turn goes on without it.

use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use std::collections::HashMap;

/// Subscribers per turn (keyed by the visitor message id).
#[derive(Debug, Default)]
pub struct Listeners {
    subscribers: HashMap<String, Vec<UnboundedSender<String>>>,
}

impl Listeners {
    /// A new receiver of the frames `turn` publishes from now on.
    pub fn subscribe(&mut self, turn: &str) -> UnboundedReceiver<String> {
        let (tx, rx) = unbounded();
        self.subscribers
            .entry(turn.to_owned())
            .or_default()
            .push(tx);
        rx
    }

    /// Sends `frame` to every live subscriber of `turn`.
    pub fn publish(&mut self, turn: &str, frame: &str) {
        if let Some(list) = self.subscribers.get_mut(turn) {
            list.retain(|tx| tx.unbounded_send(frame.to_owned()).is_ok());
        }
    }

    /// Ends every subscriber's stream of `turn`.
    pub fn close(&mut self, turn: &str) {
        self.subscribers.remove(turn);
    }
}
