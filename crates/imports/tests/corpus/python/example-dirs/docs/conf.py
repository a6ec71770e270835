from docutils import nodes
