//! [`Stop`]: how a running turn learns that it must end now — an operator took the
//! conversation over, or the visitor pressed stop. Responders check it between pieces and race
//! every wait (a provider's next token, a pacing pause) against it, so nothing more is
//! generated once it is set.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A shared, one-way stop flag with wake-ups for whoever waits on it.
#[derive(Debug, Clone, Default)]
pub struct Stop(Rc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    stopped: Cell<bool>,
    wakers: RefCell<Vec<Waker>>,
}

impl Stop {
    /// Sets the flag and wakes every waiter.
    pub fn stop(&self) {
        self.0.stopped.set(true);
        for waker in self.0.wakers.borrow_mut().drain(..) {
            waker.wake();
        }
    }

    /// Whether the flag is set.
    pub fn is_stopped(&self) -> bool {
        self.0.stopped.get()
    }

    /// Resolves once the flag is set.
    pub fn wait(&self) -> Wait {
        Wait(self.clone())
    }
}

/// The future of [`Stop::wait`].
#[derive(Debug)]
pub struct Wait(Stop);

impl Future for Wait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let inner = &(self.0).0;
        if inner.stopped.get() {
            return Poll::Ready(());
        }
        let mut wakers = inner.wakers.borrow_mut();
        if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
            wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    #[test]
    fn waiting_ends_once_stopped() {
        let stop = Stop::default();
        let mut wait = stop.wait();
        assert!((&mut wait).now_or_never().is_none());
        let other = stop.clone();
        other.stop();
        assert!(stop.is_stopped());
        assert!(wait.now_or_never().is_some());
    }
}
