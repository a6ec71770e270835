#[tokio::main(threadpool::bar)]
async fn main_attr_has_path_args() {}
