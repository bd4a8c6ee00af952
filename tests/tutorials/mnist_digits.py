# PyTorch's MNIST example, mnist/main.py of github.com/pytorch/examples (commit 77f55b9;
# BSD 3-Clause licence, Copyright (c) 2017, Pytorch contributors: see LICENSE-pytorch.txt),
# in gradproof's spelling, on scikit-learn's 8x8 digits (bundled with it: nothing to
# download) instead of MNIST.
# Changed, and nothing else:
#   imports   `import torch` -> `import torch_shim as torch` (the body writes
#             torch.utils.data.X and torch.save: see torch_shim.py); `import torch.nn as nn`
#             -> `import nn`; `import torch.nn.functional as F` -> `import nn.functional as F`;
#             `import torch.optim as optim` -> `import nn.optim as optim`;
#             `from torch.optim.lr_scheduler import StepLR` -> `from nn.optim.lr_scheduler
#             import StepLR`; `from torchvision import datasets, transforms` -> `from
#             sklearn.datasets import load_digits`.
#   devices   dropped: `data, target = data.to(device), target.to(device)` (in train and
#             test), the `--no-accel` option, `use_accel = ...`, the `device = ...` choice
#             and the `if use_accel:` block of DataLoader settings; `device` dropped from
#             train's and test's parameters and calls, and `.to(device)` from `Net()`.
#             gradproof computes on the CPU.
#   data      the eight lines that made MNIST's datasets (transforms.Compose of ToTensor()
#             and Normalize((0.1307,), (0.3081,)), MNIST's mean and std; datasets.MNIST
#             with train=True and train=False) are six that make the digits': pixels / 16
#             (ToTensor's [0, 1]) in the default float dtype (ToTensor's float32 in
#             PyTorch), shape (N, 1, 8, 8), less the digits' mean 0.3053 over their std
#             0.3760; the first 1500 digits train, the other 297 test. The DataLoader lines
#             are PyTorch's.
#   network   fc1 is nn.Linear(256, 128), not (9216, 128): two 3x3 convolutions and a 2x2
#             max-pool leave 64 x 2 x 2 = 256 features of an 8x8 image (64 x 12 x 12 = 9216
#             of MNIST's 28x28).
# Lint: PyTorch's style, left as it is.
# ruff: noqa: W291, I001, N812, UP008, UP032
import argparse
import torch_shim as torch
import nn
import nn.functional as F
import nn.optim as optim
from sklearn.datasets import load_digits
from nn.optim.lr_scheduler import StepLR


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(256, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def train(args, model, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
            if args.dry_run:
                break


def test(model, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction='sum').item()  # sum up batch loss
            pred = output.argmax(dim=1, keepdim=True)  # get the index of the max log-probability
            correct += pred.eq(target.view_as(pred)).sum().item()

    test_loss /= len(test_loader.dataset)

    print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'.format(
        test_loss, correct, len(test_loader.dataset),
        100. * correct / len(test_loader.dataset)))


def main():
    # Training settings
    parser = argparse.ArgumentParser(description='PyTorch MNIST Example')
    parser.add_argument('--batch-size', type=int, default=64, metavar='N',
                        help='input batch size for training (default: 64)')
    parser.add_argument('--test-batch-size', type=int, default=1000, metavar='N',
                        help='input batch size for testing (default: 1000)')
    parser.add_argument('--epochs', type=int, default=14, metavar='N',
                        help='number of epochs to train (default: 14)')
    parser.add_argument('--lr', type=float, default=1.0, metavar='LR',
                        help='learning rate (default: 1.0)')
    parser.add_argument('--gamma', type=float, default=0.7, metavar='M',
                        help='Learning rate step gamma (default: 0.7)')
    parser.add_argument('--dry-run', action='store_true',
                        help='quickly check a single pass')
    parser.add_argument('--seed', type=int, default=1, metavar='S',
                        help='random seed (default: 1)')
    parser.add_argument('--log-interval', type=int, default=10, metavar='N',
                        help='how many batches to wait before logging training status')
    parser.add_argument('--save-model', action='store_true', 
                        help='For Saving the current Model')
    args = parser.parse_args()

    torch.manual_seed(args.seed)

    train_kwargs = {'batch_size': args.batch_size}
    test_kwargs = {'batch_size': args.test_batch_size}

    digits = load_digits()
    images = torch.tensor(digits.images / 16, dtype=torch.get_default_dtype()).unsqueeze(1)
    images = (images - 0.3053) / 0.3760
    labels = torch.tensor(digits.target)
    dataset1 = torch.utils.data.TensorDataset(images[:1500], labels[:1500])
    dataset2 = torch.utils.data.TensorDataset(images[1500:], labels[1500:])
    train_loader = torch.utils.data.DataLoader(dataset1,**train_kwargs)
    test_loader = torch.utils.data.DataLoader(dataset2, **test_kwargs)

    model = Net()
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)

    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train(args, model, train_loader, optimizer, epoch)
        test(model, test_loader)
        scheduler.step()

    if args.save_model:
        torch.save(model.state_dict(), "mnist_cnn.pt")


if __name__ == '__main__':
    main()
