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

    /// Routes `GET path` to `handler`.
    pub fn get_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Get), path, handler)
    }

    /// Routes `POST path` to `handler`.
    pub fn post_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Post), path, handler)
    }

    /// Routes `PUT path` to `handler`.
    pub fn put_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Put), path, handler)
    }

    /// Routes `PATCH path` to `handler`.
    pub fn patch_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Patch), path, handler)
    }

    /// Routes `DELETE path` to `handler`.
    pub fn delete_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Delete), path, handler)
    }

    /// Routes `OPTIONS path` to `handler`.
    pub fn options_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(Some(Method::Options), path, handler)
    }

    /// Routes `path` with any method no route above took to `handler`.
    pub fn or_else_any_method_async<F, Fut>(self, path: &str, handler: F) -> Self
    where
        F: Fn(Request, Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Response>> + 'static,
    {
        self.add(None, path, handler)
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
        let method = req.method();
        let route = self.by_method.get(&method).and_then(found);
        let route = match route {
            Some(route) => Some(route),
            None if self.path_has_other_methods(&path) => {
                return Response::error("Method Not Allowed", 405);
            }
            None => found(&self.any_method),
        };
        match route {
            Some((handler, params)) => handler(req, Ctx { env, data, params }).await,
            None => Response::error("Not Found", 404),
        }
    }

    /// Whether a method other than HEAD, OPTIONS and TRACE has a route for `path`.
    fn path_has_other_methods(&self, path: &str) -> bool {
        self.by_method.iter().any(|(method, tree)| {
            !matches!(method, Method::Head | Method::Options | Method::Trace)
                && tree.at(path).is_ok()
        })
    }
}
