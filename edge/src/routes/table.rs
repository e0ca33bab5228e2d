//! The route table, built once per isolate and kept. The `worker` crate's `Router` is consumed by
//! each request it runs, so it must be built again for every request: some eighty handlers boxed
//! and inserted into path trees, then dropped, which was a tenth of a poll's time in the
//! isolate. This table has the same builder methods, matches paths with the same `matchit`
//! trees, and answers in the same way: the handler for the method and path; a 405 when the path
//! exists for another method; the any-method fallback; else a 404.

use super::AppData;
use futures_util::future::LocalBoxFuture;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use worker::{Env, Method, Request, Response, Result};

/// What a handler can reach besides the request: the environment, the fetch event's data, and
/// the path's parameters.
pub struct Ctx {
    /// The Worker's environment.
    pub env: Env,
    /// The fetch event's data.
    pub data: AppData,
    params: Vec<(String, String)>,
}

impl Ctx {
    /// The path parameter `key` (`:token` in the route is `param("token")`).
    pub fn param(&self, key: &str) -> Option<&String> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

type Handler = Rc<dyn Fn(Request, Ctx) -> LocalBoxFuture<'static, Result<Response>>>;

/// The builder methods, one per method (named as the `worker` crate's `Router` names them),
/// each adding its routes through [`Table::add`].
macro_rules! routes_for_methods {
    ($($(#[$doc:meta])* $name:ident => $method:expr,)*) => {
        $(
            $(#[$doc])*
            pub fn $name<F, Fut>(self, path: &str, handler: F) -> Self
            where
                F: Fn(Request, Ctx) -> Fut + 'static,
                Fut: Future<Output = Result<Response>> + 'static,
            {
                self.add($method, path, handler)
            }
        )*
    };
}

/// Every route: one path tree per method, and the paths any method reaches.
#[derive(Default)]
pub struct Table {
    by_method: HashMap<Method, matchit::Router<Handler>>,
    any_method: matchit::Router<Handler>,
}

impl Table {
    /// The table of the routes added next.
    pub fn new() -> Self {
        Self::default()
    }

    fn add<F, Fut>(mut self, method: Option<Method>, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        let handler: Handler = Rc::new(move |req, ctx| Box::pin(handler(req, ctx)));
        let tree = match method {
            Some(method) => self.by_method.entry(method).or_default(),
            None => &mut self.any_method,
        };
        if let Err(e) = tree.insert(path, handler) {
            // A table that cannot be built is a programming error, caught by every test.
            panic!("route {path}: {e}");
        }
        self
    }

    routes_for_methods! {
        /// Routes `GET path` to `handler`.
        get_async => Some(Method::Get),
        /// Routes `POST path` to `handler`.
        post_async => Some(Method::Post),
        /// Routes `PUT path` to `handler`.
        put_async => Some(Method::Put),
        /// Routes `PATCH path` to `handler`.
        patch_async => Some(Method::Patch),
        /// Routes `DELETE path` to `handler`.
        delete_async => Some(Method::Delete),
        /// Routes `OPTIONS path` to `handler`.
        options_async => Some(Method::Options),
        /// Routes `path` with any method no route above took to `handler`.
        or_else_any_method_async => None,
    }

    /// Answers `req`: its route's handler, a plain 405 when only other methods have the path,
    /// the any-method route, or a plain 404 (`normalize` gives the last two the API's shape).
    pub async fn run(&self, req: Request, env: Env, data: AppData) -> Result<Response> {
        let path = req.path();
        let found = |tree: &matchit::Router<Handler>| {
            tree.at(&path).ok().map(|m| {
                let params = m
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                (m.value.clone(), params)
            })
        };
        let route = self.by_method.get(&req.method()).and_then(found);
        if route.is_none() && self.path_has_other_methods(&path) {
            return Response::error("Method Not Allowed", 405);
        }
        let Some((handler, params)) = route.or_else(|| found(&self.any_method)) else {
            return Response::error("Not Found", 404);
        };
        handler(req, Ctx { env, data, params }).await
    }

    /// Whether a method other than HEAD, OPTIONS and TRACE has a route for `path`.
    fn path_has_other_methods(&self, path: &str) -> bool {
        self.by_method.iter().any(|(method, tree)| {
            !matches!(method, Method::Head | Method::Options | Method::Trace)
                && tree.at(path).is_ok()
        })
    }
}
