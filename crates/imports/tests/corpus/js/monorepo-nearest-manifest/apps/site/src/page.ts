import React from 'react';
import ts from 'typescript';
import Vue from 'vue-three-x';
