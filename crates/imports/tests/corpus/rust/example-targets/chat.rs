use futures::SinkExt;

#[tokio::main]
async fn main() {}
