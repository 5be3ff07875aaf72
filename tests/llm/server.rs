//! A scripted OpenAI-compatible HTTP server on 127.0.0.1 for tests: each request gets the next scripted reply
//! (a JSON body, a server-sent event stream, possibly cut, or a delay), and every request is recorded.
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum Reply {
    /// Status, extra headers, body (JSON or not).
    Body { status: u16, headers: Vec<(String, String)>, body: String },
    /// `text/event-stream` events (each `data:` payload); when `cut`, the connection drops after them with no
    /// closing chunk.
    Events { events: Vec<String>, cut: bool },
    /// Waits before sending the reply.
    Delayed(Duration, Box<Reply>),
    /// A completion judging every point of the request's schema `covered`, quoting the answer's first words,
    /// and every pitfall not hit: a model that plays along, for whole sessions.
    Auto,
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Server {
    pub base_url: String,
    replies: Arc<Mutex<VecDeque<Reply>>>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    load: Arc<Load>,
}

/// Requests being answered now (received, reply not yet started), and the most there ever were at once. A
/// client sends its next request only after it has read a reply, so counting up to the reply's first byte,
/// rather than until the connection is closed, never counts one client twice.
#[derive(Default)]
struct Load {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Server {
    /// Starts serving `replies` in order; once they run out, every request gets a 500.
    pub fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let load = Arc::new(Load::default());
        let (queue, log, counter) = (replies.clone(), requests.clone(), load.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (queue, log, counter) = (queue.clone(), log.clone(), counter.clone());
                std::thread::spawn(move || serve(stream, &queue, &log, &counter));
            }
        });
        Server { base_url, replies, requests, load }
    }

    /// The most requests that were being answered at the same time.
    pub fn most_at_once(&self) -> usize {
        self.load.most.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn unused_replies(&self) -> usize {
        self.replies.lock().unwrap().len()
    }
}

fn serve(stream: TcpStream, queue: &Mutex<VecDeque<Reply>>, log: &Mutex<Vec<Recorded>>, load: &Load) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or_default().to_string();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k.to_string(), v.trim().to_string()));
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    log.lock().unwrap().push(Recorded { path, headers, body });
    let reply = queue.lock().unwrap().pop_front().unwrap_or_else(|| error(500, "no reply scripted"));
    let mut reply = resolve(reply, &log.lock().unwrap().last().unwrap().body);
    let now = load.now.fetch_add(1, Ordering::SeqCst) + 1;
    load.most.fetch_max(now, Ordering::SeqCst);
    while let Reply::Delayed(wait, inner) = reply {
        std::thread::sleep(wait);
        reply = *inner;
    }
    load.now.fetch_sub(1, Ordering::SeqCst);
    send(stream, reply);
}

/// `reply` with an `Auto` completion (delayed or not) written for `request`.
fn resolve(reply: Reply, request: &Value) -> Reply {
    match reply {
        Reply::Auto => auto(request),
        Reply::Delayed(wait, reply) => Reply::Delayed(wait, Box::new(resolve(*reply, request))),
        reply => reply,
    }
}

fn send(mut stream: TcpStream, reply: Reply) {
    match reply {
        Reply::Auto => unreachable!("resolved against the request"),
        Reply::Delayed(..) => unreachable!("waited out in serve"),
        Reply::Body { status, headers, body } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            let _ = stream.write_all(format!("{head}\r\n{body}").as_bytes());
        }
        Reply::Events { events, cut } => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for event in events {
                let data = format!("data: {event}\n\n");
                let _ = stream.write_all(format!("{:x}\r\n{data}\r\n", data.len()).as_bytes());
                let _ = stream.flush();
            }
            if cut {
                // Half a chunk, then the connection drops.
                let _ = stream.write_all(b"40\r\ndata: {\"id\":");
                let _ = stream.flush();
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            let done = "data: [DONE]\n\n";
            let _ = stream.write_all(format!("{:x}\r\n{done}\r\n0\r\n\r\n", done.len()).as_bytes());
        }
    }
    let _ = stream.flush();
}

fn auto(request: &Value) -> Reply {
    let user = request["messages"][1]["content"].as_str().unwrap_or_default();
    let lines: Vec<&str> = user.lines().collect();
    let fence: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("ANSWER-")).collect();
    let answer = lines[fence[fence.len() - 2] + 1..fence[fence.len() - 1]].join("\n");
    let quote: String = answer.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let schema = &request["response_format"]["json_schema"]["schema"]["properties"];
    let ids = |key: &str| -> Vec<String> {
        schema[key]["items"]["properties"]["id"]["enum"]
            .as_array()
            .map(|ids| ids.iter().filter_map(|id| id.as_str().map(String::from)).collect())
            .unwrap_or_default()
    };
    let points: Vec<Value> =
        ids("points").iter().map(|id| json!({"id": id, "quotes": [quote], "level": "covered"})).collect();
    let pitfalls: Vec<Value> = ids("pitfalls").iter().map(|id| json!({"id": id, "quotes": [], "hit": false})).collect();
    completion(
        &json!({"points": points, "pitfalls": pitfalls, "feedback": "Clear and complete.",
        "followup": {"option": -1, "ask": "", "probes": []}})
        .to_string(),
    )
}

/// An OpenAI error body with `status`.
pub fn error(status: u16, message: &str) -> Reply {
    let body = json!({"error": {"message": message, "type": "error", "param": null, "code": null}}).to_string();
    Reply::Body { status, headers: Vec::new(), body }
}

/// A non-streamed chat completion whose message content is `content`, with usage.
pub fn completion(content: &str) -> Reply {
    let body = json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "test-model",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": null},
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 812, "completion_tokens": 121, "total_tokens": 933}
    });
    Reply::Body { status: 200, headers: Vec::new(), body: body.to_string() }
}

/// A streamed chat completion of `content` in chunks of `size` characters, ending with a usage chunk.
pub fn streamed(content: &str, size: usize) -> Reply {
    let chunk = |delta: Value, finish: Value| {
        json!({
            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "test-model",
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}]
        })
        .to_string()
    };
    let chars: Vec<char> = content.chars().collect();
    let mut events = vec![chunk(json!({"role": "assistant", "content": ""}), Value::Null)];
    for piece in chars.chunks(size) {
        events.push(chunk(json!({"content": piece.iter().collect::<String>()}), Value::Null));
    }
    events.push(chunk(json!({}), json!("stop")));
    events.push(
        json!({
            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "test-model",
            "choices": [], "usage": {"prompt_tokens": 812, "completion_tokens": 121, "total_tokens": 933}
        })
        .to_string(),
    );
    Reply::Events { events, cut: false }
}

/// The first `keep` events of a streamed completion, then the connection drops.
pub fn cut_stream(content: &str, keep: usize) -> Reply {
    match streamed(content, 8) {
        Reply::Events { mut events, .. } => {
            events.truncate(keep);
            Reply::Events { events, cut: true }
        }
        _ => unreachable!(),
    }
}
